# No CORS middleware: the router answers OPTIONS on a PUT route with 405.
from fastapi import FastAPI

app = FastAPI()


@app.put("/api/items/{id}")
def update_item(id: int):
    return {"ok": True}


if __name__ == "__main__":
    import os
    import uvicorn

    uvicorn.run(app, host="127.0.0.1", port=int(os.environ["PORT"]), log_level="warning")
