/** The shared Librarian UI components: small, keyboard-usable, styled with Atlassian design tokens. */
export { Button, type ButtonProps, type ButtonAppearance } from './Button';
export { Banner, type BannerProps, type BannerAppearance } from './Banner';
export { ProgressBar, type ProgressBarProps } from './ProgressBar';
export { Spinner, type SpinnerProps } from './Spinner';
export { EmptyState, type EmptyStateProps } from './EmptyState';
export { Lozenge, type LozengeProps, type LozengeAppearance } from './Lozenge';
export { TextField, type TextFieldProps } from './TextField';
export { SiteLink, type SiteLinkProps } from './SiteLink';
