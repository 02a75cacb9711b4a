const express = require('express');
const app = express();
const apiRouter = express.Router();
apiRouter.get('/fail', () => { throw new Error('boom'); });
@SNIPPET@
app.listen(Number(process.env.PORT), '127.0.0.1');
