import Resolver from '@forge/resolver';
import { spaceSettingsFunctions } from './space-settings-api';

/** Resolver behind the space settings page: opt this space in or out of a Library and see its index status. */
const resolver = new Resolver();
for (const [name, fn] of Object.entries(spaceSettingsFunctions)) resolver.define(name, fn as Parameters<Resolver['define']>[1]);
export const spaceSettingsResolver = resolver.getDefinitions();
