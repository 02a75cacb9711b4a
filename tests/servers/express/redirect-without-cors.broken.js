// A moved route redirects before cors() runs: its 308 has no CORS headers.
const express = require('express');
const cors = require('cors');
const app = express();
app.use('/api', (req, res, next) => req.path === '/data'
  ? res.redirect(308, `${req.baseUrl}/v2/data`) : next());
app.use(cors({ origin: ['https://app.example.com'] }));
app.get('/api/v2/data', (req, res) => res.json({}));
app.listen(Number(process.env.PORT), '127.0.0.1');
