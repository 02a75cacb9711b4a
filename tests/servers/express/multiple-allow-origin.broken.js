// A string is sent verbatim: two origins in one header.
const express = require('express');
const cors = require('cors');
const app = express();
app.use(cors({ origin: 'https://a.example,https://b.example' }));
app.get('/api/data', (req, res) => res.json({}));
app.listen(Number(process.env.PORT), '127.0.0.1');
