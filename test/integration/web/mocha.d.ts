/** Mocha's browser build (`mocha/mocha.js`): imported for its effect, it puts `mocha` on the global object. */
declare module 'mocha/mocha.js' {}
