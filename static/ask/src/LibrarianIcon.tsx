/** Librarian's mark: an open book, drawn in the current text colour so it follows the theme. */
export function LibrarianIcon() {
  return (
    <svg className="ask__icon" width="20" height="20" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <rect width="24" height="24" rx="5" fill="var(--lib-brand)" />
      <path
        d="M6 7.2c1.9-.5 3.9-.3 6 .9 2.1-1.2 4.1-1.4 6-.9v9.6c-1.9-.5-3.9-.3-6 .9-2.1-1.2-4.1-1.4-6-.9z M12 8.1v9.6"
        fill="none"
        stroke="var(--lib-text-inverse)"
        strokeWidth="1.5"
        strokeLinejoin="round"
      />
    </svg>
  );
}
