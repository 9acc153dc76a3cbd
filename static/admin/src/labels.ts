import type { Visibility } from '../../../src/contract';
import type { LozengeAppearance } from '../../shared';

/** Product wording for the values the resolvers return. */
export const VISIBILITY: Record<Visibility, { label: string; appearance: LozengeAppearance }> = {
  private: { label: 'Private', appearance: 'default' },
  organization: { label: 'Organization-wide', appearance: 'moved' },
  public: { label: 'Public', appearance: 'removed' },
};

export const SPACE_TYPES: Record<string, string> = {
  global: 'Global',
  collaboration: 'Collaboration',
  knowledge_base: 'Knowledge base',
  personal: 'Personal',
  system: 'System',
  onboarding: 'Onboarding',
  xflow_sample_space: 'Sample',
};

/** The warning organization-wide visibility always carries. */
export const ORGANIZATION_WARNING = 'Every member of the site can query every indexed page, even pages Confluence restricts from them.';
