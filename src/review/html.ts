/** The escaping HTML templates live in text/ so that eval/ (the html report) shares them. */
export * from '../text/html.js';
