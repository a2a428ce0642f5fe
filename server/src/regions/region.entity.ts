import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type RegionLevel = 'province' | 'city' | 'county' | 'town' | 'village';

@Entity('regions')
export class RegionEntity {
  /** 12-digit statistical division code. */
  @PrimaryColumn({ type: 'varchar', length: 12 })
  code!: string;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  level!: RegionLevel;

  @Index()
  @Column({ type: 'varchar', length: 12, nullable: true })
  parentCode!: string | null;
}
