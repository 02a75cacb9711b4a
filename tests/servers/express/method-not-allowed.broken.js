// Broken: PATCH is missing from the allowed methods.
const express = require('express');
const cors = require('cors');
const app = express();
const allowedOrigins = ['https://app.example.com'];
app.use(cors({ origin: allowedOrigins, methods: ['GET', 'POST'] }));
app.all('/api/data', (req, res) => res.json({}));
app.listen(Number(process.env.PORT), '127.0.0.1');
