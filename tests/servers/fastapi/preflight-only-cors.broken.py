# CORS only on OPTIONS: a hand-written preflight route, nothing on the PUT.
from fastapi import FastAPI, Response

app = FastAPI()


@app.options("/items/{id}")
def preflight(id: int):
    return Response(status_code=204, headers={
        "Access-Control-Allow-Origin": "https://app.example.com",
        "Access-Control-Allow-Methods": "PUT",
        "Access-Control-Allow-Headers": "Content-Type",
    })


@app.put("/items/{id}")
def update_item(id: int):
    return {"ok": True}


if __name__ == "__main__":
    import os
    import uvicorn

    uvicorn.run(app, host="127.0.0.1", port=int(os.environ["PORT"]), log_level="warning")
