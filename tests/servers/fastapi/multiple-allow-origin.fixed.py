from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
@SNIPPET@

@app.get("/api/data")
def data():
    return {}


if __name__ == "__main__":
    import os
    import uvicorn

    uvicorn.run(app, host="127.0.0.1", port=int(os.environ["PORT"]), log_level="warning")
