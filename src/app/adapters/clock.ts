/** The Clock port on Forge: wall time (the platform has no other). */
import { systemClock, type Clock } from '../../core/ports';

export const forgeClock: Clock = systemClock;
