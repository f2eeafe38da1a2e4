// Host listener inventories: ss, netstat (Linux, BSD/macOS, Windows) and lsof.
import type { FormatSpec } from '../types';
import { lsof } from './lsof';
import { netstatBsd } from './netstat-bsd';
import { netstatLinux } from './netstat-linux';
import { netstatWindows } from './netstat-windows';
import { ss } from './ss';

export const hostFormats: FormatSpec[] = [ss, netstatLinux, netstatBsd, netstatWindows, lsof];
