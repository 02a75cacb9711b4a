# CORSMiddleware and, outside it, a middleware that sets Access-Control-Allow-Origin again.
from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=["https://a.example", "https://b.example"])


@app.middleware("http")  # registered last = outermost
async def also_cors(request: Request, call_next):
    response = await call_next(request)
    response.headers.append("Access-Control-Allow-Origin", request.headers.get("origin", "*"))
    return response


@app.get("/api/data")
def data():
    return {}


if __name__ == "__main__":
    import os
    import uvicorn

    uvicorn.run(app, host="127.0.0.1", port=int(os.environ["PORT"]), log_level="warning")
