// Check Point management API JSON exports and Gaia clish configuration.
import type { FormatSpec } from '../types';
import { checkpointGaiaClish } from './checkpoint-gaia';
import { checkpointMgmtJson } from './checkpoint-mgmt';

export const checkpointFormats: FormatSpec[] = [checkpointMgmtJson, checkpointGaiaClish];
