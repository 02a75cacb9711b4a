const express = require('express');
const cors = require('cors');
const app = express();
@SNIPPET@
app.get("/api/data", (req, res) => res.json({}));
app.listen(Number(process.env.PORT), '127.0.0.1');
