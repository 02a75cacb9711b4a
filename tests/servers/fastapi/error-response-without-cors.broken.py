# CORSMiddleware, but an unhandled exception is answered outside it (ServerErrorMiddleware).
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"])


@app.get("/api/fail")
def fail():
    raise RuntimeError("boom")


if __name__ == "__main__":
    import os
    import uvicorn

    uvicorn.run(app, host="127.0.0.1", port=int(os.environ["PORT"]), log_level="warning")
