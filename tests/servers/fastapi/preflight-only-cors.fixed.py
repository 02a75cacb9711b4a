from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
@SNIPPET@

@app.put("/items/{id}")
def update_item(id: int):
    return {"ok": True}


if __name__ == "__main__":
    import os
    import uvicorn

    uvicorn.run(app, host="127.0.0.1", port=int(os.environ["PORT"]), log_level="warning")
