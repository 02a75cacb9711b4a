const express = require('express');
const cors = require('cors');
const app = express();
// Stands in for passport-jwt: no token, 401.
const passport = {
  authenticate: () => (req, res, next) => req.headers.authorization ? next()
    : res.status(401).json({ error: 'unauthorized' }),
};
const apiRouter = express.Router();
apiRouter.get('/me', (req, res) => res.json({ me: 1 }));
@SNIPPET@
app.listen(Number(process.env.PORT), '127.0.0.1');
