# Broken: the auth middleware is outside CORSMiddleware: its 401 has no CORS headers.
import os

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.middleware.base import BaseHTTPMiddleware


class ApiKeyMiddleware(BaseHTTPMiddleware):
    """No Authorization header: 401 (preflights included)."""

    async def dispatch(self, request, call_next):
        if "authorization" not in request.headers:
            return JSONResponse({"error": "unauthorized"}, status_code=401)
        return await call_next(request)


app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"], allow_credentials=True)
app.add_middleware(ApiKeyMiddleware)  # added last = outermost


@app.get("/api/me")
def me():
    return {"me": 1}


if __name__ == "__main__":
    import uvicorn

    uvicorn.run(app, host="127.0.0.1", port=int(os.environ["PORT"]), log_level="warning")
