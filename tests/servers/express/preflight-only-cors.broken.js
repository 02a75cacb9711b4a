// CORS only on OPTIONS: a hand-written preflight handler, nothing on the PUT.
const express = require('express');
const app = express();
app.options('/items/:id', (req, res) => {
  res.set('Access-Control-Allow-Origin', 'https://app.example.com');
  res.set('Access-Control-Allow-Methods', 'PUT');
  res.set('Access-Control-Allow-Headers', 'Content-Type');
  res.sendStatus(204);
});
app.put('/items/:id', (req, res) => res.json({ ok: true }));
app.listen(Number(process.env.PORT), '127.0.0.1');
