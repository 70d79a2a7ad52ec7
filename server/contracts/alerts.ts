/** An attack-wave alert as shift leads see it. */
export interface WaveAlert {
  id: string;
  openedAt: number;
  closedAt: number | null;
  rate: number;
  baseline: number;
  peakRate: number;
  reasons: string[];
  clusters: { id: string; size: number; growth: number; label: string | null }[];
  incidentId: string | null;
}
