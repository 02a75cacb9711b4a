// cors() registered after the routes and the error handler: a thrown error's 500 has no headers.
const express = require('express');
const cors = require('cors');
const app = express();
app.get('/api/fail', () => { throw new Error('boom'); });
app.use((err, req, res, next) => res.status(500).json({ error: 'internal error' }));
app.use(cors({ origin: ['https://app.example.com'] }));
app.listen(Number(process.env.PORT), '127.0.0.1');
