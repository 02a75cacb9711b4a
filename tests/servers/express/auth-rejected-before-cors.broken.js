// Broken: authentication runs before cors(): its 401 has no CORS headers.
const express = require('express');
const cors = require('cors');
const app = express();
const requireToken = (req, res, next) => req.headers.authorization ? next()
  : res.status(401).json({ error: 'unauthorized' });
app.use(requireToken);
app.use(cors({ origin: ['https://app.example.com'], credentials: true }));
app.get('/api/me', (req, res) => res.json({ me: 1 }));
app.listen(Number(process.env.PORT), '127.0.0.1');
