// Broken: authentication runs before cors() and rejects the preflight (it carries no credentials).
const express = require('express');
const cors = require('cors');
const app = express();
const requireAuth = (req, res, next) => req.headers.authorization ? next()
  : res.status(401).json({ error: 'unauthorized' });
app.use(requireAuth);
app.use(cors({ origin: ['https://app.example.com'], credentials: true }));
app.put('/api/me', (req, res) => res.json({ me: 1 }));
app.listen(Number(process.env.PORT), '127.0.0.1');
