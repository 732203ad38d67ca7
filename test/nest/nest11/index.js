'use strict';
// Where Nest 11's packages resolve from (this folder's node_modules), for the tests' module hook.
module.exports = { root: __dirname };
