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
  /** Live rooms of the alert's rings right now (0: the rings are off the air). */
  liveRooms: number;
  incidentId: string | null;
}
