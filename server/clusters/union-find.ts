/** Disjoint sets over string ids, with path halving and union by size. */
export class UnionFind {
  private parent = new Map<string, string>();
  private size = new Map<string, number>();

  find(x: string): string {
    if (!this.parent.has(x)) {
      this.parent.set(x, x);
      this.size.set(x, 1);
      return x;
    }
    let r = x;
    while (this.parent.get(r) !== r) {
      const p = this.parent.get(r)!;
      this.parent.set(r, this.parent.get(p)!);
      r = p;
    }
    return r;
  }

  union(a: string, b: string) {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return;
    if (this.size.get(ra)! < this.size.get(rb)!) [ra, rb] = [rb, ra];
    this.parent.set(rb, ra);
    this.size.set(ra, this.size.get(ra)! + this.size.get(rb)!);
  }

  /** Every set, as lists of its members. */
  groups(): string[][] {
    const out = new Map<string, string[]>();
    for (const x of this.parent.keys()) {
      const r = this.find(x);
      const g = out.get(r);
      if (g) g.push(x);
      else out.set(r, [x]);
    }
    return [...out.values()];
  }
}
