import Resolver from '@forge/resolver';
import { adminFunctions } from './admin-api';

/**
 * Resolver behind the global settings page: Libraries, their Source and spaces, visibility, Auto-Accept and sync
 * health. Reads are open to members; every change is checked for site-admin rights with Confluence (admin-api.ts).
 */
const resolver = new Resolver();
for (const [name, fn] of Object.entries(adminFunctions)) resolver.define(name, fn as Parameters<Resolver['define']>[1]);
export const adminResolver = resolver.getDefinitions();
