const express = require('express');
const cors = require('cors');
const app = express();
const requireAuth = (req, res, next) => req.headers.authorization ? next()
  : res.status(401).json({ error: 'unauthorized' });
@SNIPPET@
app.put('/api/me', (req, res) => res.json({ me: 1 }));
app.listen(Number(process.env.PORT), '127.0.0.1');
