// Fails the run when a test left a temporary directory behind (test/support/leftovers.js).
const { after } = require('./leftovers');

module.exports = () => after();
