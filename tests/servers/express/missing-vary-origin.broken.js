// Hand-written: the allowed origin is echoed, without Vary: Origin.
const express = require('express');
const app = express();
const allowedOrigins = ['https://app.example.com'];
app.use((req, res, next) => {
  if (allowedOrigins.includes(req.headers.origin)) res.set('Access-Control-Allow-Origin', req.headers.origin);
  next();
});
app.get('/api/data', (req, res) => res.json({}));
app.listen(Number(process.env.PORT), '127.0.0.1');
