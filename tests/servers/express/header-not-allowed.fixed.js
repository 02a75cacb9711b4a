const express = require('express');
const cors = require('cors');
const app = express();
const allowedOrigins = ['https://app.example.com'];
@SNIPPET@
app.all('/api/data', (req, res) => res.json({}));
app.listen(Number(process.env.PORT), '127.0.0.1');
