#!/usr/bin/env python3
"""Generates Go modules and coverage profiles for bench/scale.sh.

    scale_gen.py SHAPE BYTES DIR
    scale_gen.py profile DIR/cover.go > DIR/cover.out
    scale_gen.py same-blocks A.out B.out

SHAPE a: one function `Big` whose body repeats a unit of if/else-if/switch/for/early-return
blocks until the file holds about BYTES bytes. SHAPE b: ever more small functions and methods
in one package (about 110 bytes each). Writes DIR/go.mod, DIR/big.go and DIR/big_test.go (a test
that calls a few functions, so the profile has warm and cold blocks) and prints
"<functions> <units>".

`profile` turns the output of `go tool cover -mode=count -var=GoCover` (Go's own block table:
the blocks `go test -cover` instruments, with their positions and statement counts) into a
count-mode profile, for sources too large for the Go compiler to build in reasonable time
(one 5 MB function): block i of the table gets count 0 when i % 4 == 3, else 2 (the counts are
synthetic, the blocks are Go's). `same-blocks` checks that two profiles hold the same blocks
(positions and statement counts), whatever their counts and order.
"""
import os
import re
import sys

UNIT_A = """\
	if x == {i} {{
		r += {i}
	}} else if s == "k{i}" {{
		r -= {i}
	}}
	switch y {{
	case {i}, {j}:
		r++
	case -{i}:
		r--
	default:
		r += 2
	}}
	for k := 0; k < y%3; k++ {{
		if k == {i} {{
			r *= 3
		}}
	}}
	if r == -{i} {{
		return r
	}}
"""

FUNC_B = """\
func F{i}(x int, s string) int {{
	if x > {i} {{
		return 1
	}}
	if s == "v{i}" {{
		return 2
	}}
	return 0
}}

"""

METHOD_B = """\
func (t *T) M{i}(n int) int {{
	if n < {i} {{
		return t.v
	}}
	return n
}}

"""


def shape_a(size):
    head = "package big\n\n// Big is one ever-larger function.\nfunc Big(x int, s string, y int) int {\n\tr := 0\n"
    tail = "\treturn r\n}\n"
    parts, n, total = [head], 0, len(head) + len(tail)
    while total < size:
        u = UNIT_A.format(i=n + 1, j=n + 2)
        parts.append(u)
        total += len(u)
        n += 1
    parts.append(tail)
    test = ('package big\n\nimport "testing"\n\nfunc TestBig(t *testing.T) {\n'
            '\tBig(1, "k2", 0)\n\tBig(5, "x", 1)\n}\n')
    return "".join(parts), test, 1, n


def shape_b(size):
    head = "package big\n\n// T holds a value for the methods.\ntype T struct{ v int }\n\n"
    parts, n, total = [head], 0, len(head)
    while total < size:
        u = (METHOD_B if n % 4 == 3 else FUNC_B).format(i=n)
        parts.append(u)
        total += len(u)
        n += 1
    calls = "".join(f"\tF{i}({i + 1}, \"\")\n" for i in range(0, min(n, 12), 4))
    test = ('package big\n\nimport "testing"\n\nfunc TestSome(t *testing.T) {\n'
            f"{calls}\t(&T{{}}).M3(1)\n}}\n")
    return "".join(parts), test, n, n


def table_profile(cover_go):
    src = open(cover_go).read()
    pos = re.search(r"Pos: \[3 \* (\d+)\]uint32\{(.*?)\n\t\},", src, re.S)
    stmts = re.search(r"NumStmt: \[\d+\]uint16\{(.*?)\n\t\},", src, re.S)
    n = int(pos.group(1))
    nums = [int(x, 0) for x in re.findall(r"(0x[0-9a-f]+|\d+),", re.sub(r"//.*", "", pos.group(2)))]
    counts = [int(x) for x in re.findall(r"(\d+),", re.sub(r"//.*", "", stmts.group(1)))]
    if len(nums) != 3 * n or len(counts) != n:
        sys.exit(f"{cover_go}: unexpected block table ({len(nums)} positions, {len(counts)} counts, {n} blocks)")
    out = ["mode: count"]
    for i in range(n):
        start_line, end_line, cols = nums[3 * i:3 * i + 3]
        hits = 0 if i % 4 == 3 else 2
        out.append(f"example.com/big/big.go:{start_line}.{cols & 0xFFFF},{end_line}.{cols >> 16} {counts[i]} {hits}")
    print("\n".join(out))


def blocks(profile):
    out = set()
    for line in open(profile).readlines()[1:]:
        name, nstmt, _ = line.rsplit(" ", 2)
        out.add((name, int(nstmt)))
    return out


def main():
    if sys.argv[1] == "profile":
        table_profile(sys.argv[2])
        return
    if sys.argv[1] == "same-blocks":
        a, b = blocks(sys.argv[2]), blocks(sys.argv[3])
        if a != b:
            sys.exit(f"block sets differ: {len(a - b)} only in {sys.argv[2]}, {len(b - a)} only in {sys.argv[3]}")
        print(len(a))
        return
    shape, size, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    os.makedirs(out, exist_ok=True)
    src, test, funcs, units = (shape_a if shape == "a" else shape_b)(size)
    with open(os.path.join(out, "go.mod"), "w") as f:
        f.write("module example.com/big\n\ngo 1.22\n")
    with open(os.path.join(out, "big.go"), "w") as f:
        f.write(src)
    with open(os.path.join(out, "big_test.go"), "w") as f:
        f.write(test)
    print(funcs, units)


if __name__ == "__main__":
    main()
