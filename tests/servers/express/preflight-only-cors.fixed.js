const express = require('express');
const cors = require('cors');
const app = express();
const updateItem = (req, res) => res.json({ ok: true });
@SNIPPET@
app.listen(Number(process.env.PORT), '127.0.0.1');
