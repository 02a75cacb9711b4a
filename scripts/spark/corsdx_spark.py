#!/usr/bin/env python3
"""corsdx on Apache Spark: diagnose a directory (or object-store prefix) of browser captures.

    spark-submit --files /path/to/corsdx scripts/spark/corsdx_spark.py \\
        s3a://bucket/hars/2026-12-07/ s3a://bucket/corsdx/2026-12-07/

(or `python3 corsdx_spark.py --master local[2] --corsdx target/release/corsdx IN OUT`).

Every capture under INPUT (recursively; .har, .har.gz, console logs: the names `corsdx scan`
reads) is read by Spark's binaryFile source, so any Hadoop file system works (file://, hdfs://,
s3a://, gs://, abfss://). Each partition writes its files into a local temp directory in batches
and runs the corsdx binary shipped with the job (`--files`, or `--corsdx`, which adds it with
SparkContext.addFile) as `corsdx scan --format ndjson` on them. The request lines become one row
per blocked or failed request; the file lines become one row per file.

Written under OUTPUT:
  blocked.parquet/, blocked.csv/  blocked and failed requests by host, root-cause rule and
                                  CorsError: host, rule, cors_error, blocked, failed, requests
  files.parquet/                  one row per file: path, status, producer, requests, blocked,
                                  failed, warnings, error
  totals.json                     (local OUTPUT only; always printed as the last stdout line) the
                                  totals, read back from the Parquet tables, in the names of
                                  `corsdx scan --format json`'s aggregate: files, bad_files,
                                  timed_out, skipped, requests, blocked, failed, by_host,
                                  by_cause, by_cors_error

See docs/spark.md.
"""

import argparse
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile

from pyspark import SparkFiles
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

# The names `corsdx scan` reads inside directories (src/scan.rs, is_candidate).
SUFFIXES = ["har", "har.gz", "log", "log.gz", "txt", "txt.gz", "console", "harjson"]

BLOCKED_SCHEMA = T.StructType(
    [
        T.StructField("host", T.StringType(), False),
        T.StructField("rule", T.StringType(), False),
        T.StructField("cors_error", T.StringType(), False),
        T.StructField("blocked", T.LongType(), False),
        T.StructField("failed", T.LongType(), False),
    ]
)

FILES_SCHEMA = T.StructType(
    [
        T.StructField("path", T.StringType(), False),
        T.StructField("status", T.StringType(), False),
        T.StructField("producer", T.StringType(), True),
        T.StructField("requests", T.LongType(), False),
        T.StructField("blocked", T.LongType(), False),
        T.StructField("failed", T.LongType(), False),
        T.StructField("warnings", T.LongType(), False),
        T.StructField("error", T.StringType(), True),
    ]
)


def root_cause(request):
    """The rule id of the request's root cause: its first error finding (as corsdx reports)."""
    for f in request.get("findings", []):
        if f.get("severity") == "error":
            return f.get("rule", "")
    return ""


def corsdx_binary(name):
    """The shipped binary on this executor, made executable (addFile does not keep the mode)."""
    path = SparkFiles.get(name)
    mode = os.stat(path).st_mode
    if not mode & stat.S_IXUSR:
        os.chmod(path, mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def run_batch(binary, batch, jobs, timeout):
    """Runs corsdx on one batch of (original path, bytes); yields ("b", row) and ("f", row)."""
    tmp = tempfile.mkdtemp(prefix="corsdx-spark-")
    try:
        names = {}
        for i, (path, content) in enumerate(batch):
            # Keep the original name's suffix (gzip is told by content, the kind too), and a
            # numbered prefix so that equal base names do not collide.
            local = os.path.join(tmp, "%06d-%s" % (i, os.path.basename(path)))
            with open(local, "wb") as f:
                f.write(content)
            names[local] = path
        cmd = [
            binary,
            "scan",
            "--format",
            "ndjson",
            "--fail-on",
            "never",
            "--jobs",
            str(jobs),
            "--timeout",
            str(timeout),
            tmp,
        ]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for raw in proc.stdout:
            line = json.loads(raw)
            kind = line.get("type")
            if kind == "request":
                failed = line.get("failed") is not None
                if line.get("blocked") or failed:
                    yield (
                        "b",
                        (
                            line.get("host") or "",
                            root_cause(line),
                            line.get("cors_error") or "",
                            int(bool(line.get("blocked"))),
                            int(failed),
                        ),
                    )
            elif kind == "file":
                yield (
                    "f",
                    (
                        names.get(line["path"], line["path"]),
                        line["status"],
                        line.get("producer"),
                        line.get("requests", 0),
                        line.get("blocked", 0),
                        line.get("failed", 0),
                        line.get("warnings", 0),
                        line.get("error") or line.get("reason"),
                    ),
                )
        err = proc.stderr.read().decode("utf-8", "replace")
        code = proc.wait()
        # 0 and 2 (some file unreadable: listed as a row) are results; anything else is a failure.
        if code not in (0, 2):
            raise RuntimeError("corsdx exited %d: %s" % (code, err.strip()))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def scan_partition(rows, binary_name, batch_files, jobs, timeout):
    binary = corsdx_binary(binary_name)
    batch = []
    for row in rows:
        batch.append((row.path, bytes(row.content)))
        if len(batch) >= batch_files:
            yield from run_batch(binary, batch, jobs, timeout)
            batch = []
    if batch:
        yield from run_batch(binary, batch, jobs, timeout)


def is_local(path):
    return "://" not in path or path.startswith("file://")


def local_path(path):
    return path[len("file://") :] if path.startswith("file://") else path


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("input", help="directory or object-store prefix of captures")
    p.add_argument("output", help="directory or prefix for the tables")
    p.add_argument(
        "--corsdx",
        help="the corsdx binary to ship (a Linux build for the executors' architecture); "
        "default: the file named corsdx given to spark-submit --files",
    )
    p.add_argument("--master", help="Spark master (default: what spark-submit says)")
    p.add_argument(
        "--partitions",
        type=int,
        help="partitions of the file list (default: Spark's split of the input)",
    )
    p.add_argument(
        "--batch-files",
        type=int,
        default=500,
        help="files per corsdx run within a partition (local temp disk holds one batch)",
    )
    p.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="corsdx --jobs per task: match spark.task.cpus (default 1)",
    )
    p.add_argument("--timeout", type=float, default=120, help="corsdx per-file time limit, s")
    p.add_argument(
        "--conf",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a Spark setting, e.g. spark.sql.shuffle.partitions=2 (repeatable)",
    )
    args = p.parse_args(argv)

    builder = SparkSession.builder.appName("corsdx-scan").config(
        "spark.ui.showConsoleProgress", "false"
    )
    if args.master:
        builder = builder.master(args.master)
    for kv in args.conf:
        key, _, value = kv.partition("=")
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    if args.corsdx:
        sc.addFile(os.path.abspath(args.corsdx))
        binary_name = os.path.basename(args.corsdx)
    else:
        binary_name = "corsdx"

    files = (
        spark.read.format("binaryFile")
        .option("recursiveFileLookup", "true")
        .option("pathGlobFilter", "*.{%s}" % ",".join(SUFFIXES))
        .load(args.input)
        .select("path", "content")
    )
    rdd = files.rdd
    if args.partitions:
        rdd = rdd.repartition(args.partitions)
    name, batch, jobs, timeout = binary_name, args.batch_files, args.jobs, args.timeout
    out = rdd.mapPartitions(lambda rows: scan_partition(rows, name, batch, jobs, timeout))
    out.cache()

    blocked_rows = out.filter(lambda kv: kv[0] == "b").map(lambda kv: kv[1])
    file_rows = out.filter(lambda kv: kv[0] == "f").map(lambda kv: kv[1])
    blocked = (
        spark.createDataFrame(blocked_rows, BLOCKED_SCHEMA)
        .groupBy("host", "rule", "cors_error")
        .agg(F.sum("blocked").alias("blocked"), F.sum("failed").alias("failed"))
        .withColumn("requests", F.col("blocked") + F.col("failed"))
        .orderBy(F.desc("requests"), "host", "rule", "cors_error")
    )
    base = args.output.rstrip("/")
    blocked.coalesce(1).write.mode("overwrite").parquet(base + "/blocked.parquet")
    blocked.coalesce(1).write.mode("overwrite").option("header", "true").csv(
        base + "/blocked.csv"
    )
    spark.createDataFrame(file_rows, FILES_SCHEMA).write.mode("overwrite").parquet(
        base + "/files.parquet"
    )

    # The totals, from what was written.
    table = spark.read.parquet(base + "/blocked.parquet")
    per_file = spark.read.parquet(base + "/files.parquet")

    def sums(col, where=None):
        df = table if where is None else table.where(where)
        return {
            r[col]: int(r["n"])
            for r in df.groupBy(col).agg(F.sum("requests").alias("n")).collect()
            if r["n"]
        }

    status = {r["status"]: int(r["n"]) for r in per_file.groupBy("status").count().withColumnRenamed("count", "n").collect()}
    counts = per_file.agg(
        F.sum("requests").alias("requests"),
        F.sum("blocked").alias("blocked"),
        F.sum("failed").alias("failed"),
    ).collect()[0]
    t = table.agg(F.sum("blocked").alias("b"), F.sum("failed").alias("f")).collect()[0]
    totals = {
        "files": status.get("analyzed", 0) + status.get("error", 0) + status.get("timed-out", 0),
        "bad_files": status.get("error", 0) + status.get("timed-out", 0),
        "timed_out": status.get("timed-out", 0),
        "skipped": status.get("skipped", 0),
        "requests": int(counts["requests"] or 0),
        "blocked": int(t["b"] or 0),
        "failed": int(t["f"] or 0),
        "by_host": sums("host"),
        "by_cause": {k: v for k, v in sums("rule").items() if k},
        # Only blocked requests carry a CorsError; "" is the rest (failures, other policies).
        "by_cors_error": {k: v for k, v in sums("cors_error", F.col("cors_error") != "").items() if k},
    }
    if int(counts["blocked"] or 0) != totals["blocked"] or int(counts["failed"] or 0) != totals["failed"]:
        raise SystemExit("the file rows and the request rows disagree: %r vs %r" % (counts, totals))
    text = json.dumps(totals, sort_keys=True)
    if is_local(base):
        with open(os.path.join(local_path(base), "totals.json"), "w") as f:
            f.write(text + "\n")
    spark.stop()
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
