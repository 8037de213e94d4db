/**
 * For web tests only (lint refuses it elsewhere): the browser instance's
 * device store, to seed what a pull would have brought.
 */
export { db as deviceStore } from './client';
