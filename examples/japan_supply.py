"""Japan's supply before and after an export control, from the Chokepoint API.

Runs as a script or pasted into a notebook cell:

    python examples/japan_supply.py --api http://localhost:8080 --plot japan.png

It posts a scenario (Japan, Dy+Tb, China's reported de facto halt by default),
puts each Japanese facility's supply before and after into a pandas table,
prints it with its unit, and plots it. --json prints the totals as JSON.
"""

import argparse
import json
import sys

import pandas as pd
import requests


def scenario(api, to, element, control):
    """The scenario's answer, as the API gives it (point values only)."""
    body = {"to": to, "element": element, "controls": [{"id": control}]}
    r = requests.post(f"{api}/api/v1/scenarios", params={"samples": 0}, json=body, timeout=60)
    if r.status_code != 200:
        # errors are problem documents naming the field that is wrong
        sys.exit(f"POST /api/v1/scenarios: {r.status_code} {r.text}")
    return r.json()


def table(answer):
    """One row per facility whose own supply fell: before, after, lost (each alone)."""
    rows = [
        {
            "facility": a["facility"]["id"],
            "name": a["facility"]["name"],
            "before": a["beforeEachAloneTonnes"],
            "after": a["afterEachAloneTonnes"],
            "lost": a["lostEachAloneTonnes"],
            "cut off": a["cutOff"],
        }
        for a in answer["affected"]
    ]
    return pd.DataFrame(rows, columns=["facility", "name", "before", "after", "lost", "cut off"])


def plot(df, answer, path):
    import matplotlib

    matplotlib.use("Agg")  # no display needed
    import matplotlib.pyplot as plt

    ax = df.set_index("facility")[["before", "after"]].plot.barh(figsize=(8, 4))
    ax.set_xlabel(answer["unit"] + " (each alone: they do not add up)")
    ax.set_title(f"{answer['scenario']['to']}: supply before and after {answer['scenario']['controls'][0]['id']}")
    plt.tight_layout()
    plt.savefig(path)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--api", default="http://localhost:8080")
    p.add_argument("--to", default="JP")
    p.add_argument("--element", default="DyTb")
    p.add_argument("--control", default="CN-2026-01-JP-DEFACTO")
    p.add_argument("--plot", help="write the chart to this PNG file")
    p.add_argument("--json", action="store_true", help="print the totals as JSON")
    args = p.parse_args()

    answer = scenario(args.api, args.to, args.element, args.control)
    df = table(answer)
    if args.plot:
        plot(df, answer, args.plot)
    if args.json:
        print(json.dumps({
            "unit": answer["unit"],
            "before": answer["before"]["jointTonnes"],
            "after": answer["after"]["jointTonnes"],
            "lost": answer["lostJointTonnes"],
            "facilities": df.to_dict(orient="records"),
        }))
        return
    print(f"{args.to} under {args.control}, in {answer['unit']}:")
    print(f"  joint: {answer['before']['jointTonnes']:.1f} -> {answer['after']['jointTonnes']:.1f}, lost {answer['lostJointTonnes']:.1f}")
    print(df.to_string(index=False, float_format=lambda x: f"{x:.1f}"))
    for a in answer["assumptions"]:
        print("  -", a)


if __name__ == "__main__":
    main()
