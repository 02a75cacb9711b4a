const express = require('express');
const cors = require('cors');
const app = express();
@SNIPPET@
app.get('/api/me', (req, res) => res.json({ me: 1 }));
app.listen(Number(process.env.PORT), '127.0.0.1');
