/**
 * Form controls and layout pieces for settings pages (switch, checkbox, radio group, in-place confirmation,
 * titled sections), styled with Atlassian design tokens in controls.css.
 */
import './controls.css';

export { Toggle, type ToggleProps } from './Toggle';
export { Checkbox, type CheckboxProps } from './Checkbox';
export { RadioGroup, type RadioGroupProps, type RadioOption } from './RadioGroup';
export { ConfirmPanel, type ConfirmPanelProps } from './ConfirmPanel';
export { Section, type SectionProps } from './Section';
