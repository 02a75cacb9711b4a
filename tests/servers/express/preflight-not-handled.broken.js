// Per-route cors() only: no OPTIONS handler for the route.
const express = require('express');
const cors = require('cors');
const app = express();
const updateItem = (req, res) => res.json({ ok: true });
const corsOptions = { origin: ['https://app.example.com'], methods: ['GET', 'PUT', 'DELETE'] };
app.put('/items/:id', cors(corsOptions), updateItem);
app.listen(Number(process.env.PORT), '127.0.0.1');
