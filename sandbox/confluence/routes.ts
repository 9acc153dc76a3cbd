/** Every Confluence route the simulator serves, v2 and v1. */
import type { ApiRoute } from './core';
import { v1Routes } from './routes-v1';
import { v2Routes } from './routes-v2';

export const routes: ApiRoute[] = [...v2Routes, ...v1Routes];
