// The bridge the preload (or the test harness) puts on window, typed by the contract.
import type { PortcullisApi } from '../../src-main/api/contract';

declare global {
  interface Window {
    portcullis: PortcullisApi;
  }
}
