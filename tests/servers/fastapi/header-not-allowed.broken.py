# Broken: X-Request-Id is missing from the allowed headers.
import os

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
allowed_origins = ["https://app.example.com"]
app.add_middleware(CORSMiddleware, allow_origins=allowed_origins, allow_headers=["Content-Type"])


@app.api_route("/api/data", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def data():
    return {}


if __name__ == "__main__":
    import uvicorn

    uvicorn.run(app, host="127.0.0.1", port=int(os.environ["PORT"]), log_level="warning")
