/** Enough rows to fill a tall window twice: painted before the rest of the library arrives. */
export const FIRST_PAGE_ROWS = 120

/**
 * The id of the `<script type="application/json">` in which browser mode's index.html carries the
 * first page of the paper list, so that the page shows it without asking for it again.
 */
export const FIRST_PAGE_SCRIPT_ID = 'lectern-first-page'
