using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Allo.Scheduler.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SeatsPerLanguage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Language",
                table: "SeatClaims",
                type: "character varying(2)",
                maxLength: 2,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "CapacityLanguages",
                columns: table => new
                {
                    Day = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Hour = table.Column<int>(type: "integer", nullable: false),
                    Language = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Agents = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CapacityLanguages", x => new { x.Day, x.Hour, x.Language });
                    table.CheckConstraint("CK_CapacityLanguages_Agents", "\"Agents\" >= 0");
                });

            migrationBuilder.CreateTable(
                name: "SlotLanguageSeats",
                columns: table => new
                {
                    SlotStart = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Language = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Seats = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SlotLanguageSeats", x => new { x.SlotStart, x.Language });
                    table.CheckConstraint("CK_SlotLanguageSeats_Seats", "\"Seats\" >= 0");
                });

            migrationBuilder.CreateIndex(
                name: "IX_SeatClaims_SlotStart_Language",
                table: "SeatClaims",
                columns: new[] { "SlotStart", "Language" });

            // Today's behaviour carries over: every agent on shift speaks every language until a
            // manager says otherwise, every slot's seats in each language are its seats, and every
            // claim is in its booking's language (docs/decisions/0016-seats-per-language.md).
            migrationBuilder.Sql("""
                INSERT INTO "CapacityLanguages" ("Day", "Hour", "Language", "Agents")
                SELECT c."Day", c."Hour", l."Language", c."Agents"
                FROM "Capacity" c CROSS JOIN (SELECT 'Nl' AS "Language" UNION ALL SELECT 'Fr' UNION ALL SELECT 'De' UNION ALL SELECT 'En') l;
                """);
            migrationBuilder.Sql("""
                INSERT INTO "SlotLanguageSeats" ("SlotStart", "Language", "Seats")
                SELECT s."SlotStart", l."Language", s."Seats"
                FROM "SlotSeats" s CROSS JOIN (SELECT 'Nl' AS "Language" UNION ALL SELECT 'Fr' UNION ALL SELECT 'De' UNION ALL SELECT 'En') l;
                """);

            migrationBuilder.Sql("""
                ALTER TABLE "SeatClaims" DISABLE TRIGGER "TR_SeatClaims_NeverChange";
                UPDATE "SeatClaims" c SET "Language" = b."Language" FROM "Bookings" b WHERE b."Id" = c."BookingId";
                ALTER TABLE "SeatClaims" ENABLE TRIGGER "TR_SeatClaims_NeverChange";
                """);
            // A claim needs a seat in its slot and one in its language, and its language is its
            // booking's (so no one can dodge a full language by writing another). Locking the slot's
            // row still makes every claim on one slot take turns, so neither count is ever stale.
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION allo_seat_claims_within_capacity() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    seats integer;
                    taken integer;
                    language_seats integer;
                    language_taken integer;
                BEGIN
                    IF NEW."Language" IS DISTINCT FROM (SELECT b."Language" FROM "Bookings" b WHERE b."Id" = NEW."BookingId") THEN
                        RAISE EXCEPTION 'a seat claim is in its booking''s language'
                            USING ERRCODE = 'check_violation', CONSTRAINT = 'CK_SeatClaims_Language';
                    END IF;
                    SELECT s."Seats" INTO seats FROM "SlotSeats" s WHERE s."SlotStart" = NEW."SlotStart" FOR UPDATE;
                    SELECT count(*) INTO taken FROM "SeatClaims" c WHERE c."SlotStart" = NEW."SlotStart";
                    IF seats IS NULL OR taken >= seats THEN
                        RAISE EXCEPTION 'slot % has no free seat (% taken of %)', NEW."SlotStart", taken, coalesce(seats, 0)
                            USING ERRCODE = 'check_violation', CONSTRAINT = 'CK_SeatClaims_WithinCapacity';
                    END IF;
                    SELECT l."Seats" INTO language_seats FROM "SlotLanguageSeats" l WHERE l."SlotStart" = NEW."SlotStart" AND l."Language" = NEW."Language";
                    SELECT count(*) INTO language_taken FROM "SeatClaims" c WHERE c."SlotStart" = NEW."SlotStart" AND c."Language" = NEW."Language";
                    IF language_seats IS NULL OR language_taken >= language_seats THEN
                        RAISE EXCEPTION 'slot % has no free seat in % (% taken of %)', NEW."SlotStart", NEW."Language", language_taken, coalesce(language_seats, 0)
                            USING ERRCODE = 'check_violation', CONSTRAINT = 'CK_SeatClaims_WithinCapacity';
                    END IF;
                    RETURN NEW;
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION allo_seat_claims_within_capacity() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    seats integer;
                    taken integer;
                BEGIN
                    SELECT s."Seats" INTO seats FROM "SlotSeats" s WHERE s."SlotStart" = NEW."SlotStart" FOR UPDATE;
                    SELECT count(*) INTO taken FROM "SeatClaims" c WHERE c."SlotStart" = NEW."SlotStart";
                    IF seats IS NULL OR taken >= seats THEN
                        RAISE EXCEPTION 'slot % has no free seat (% taken of %)', NEW."SlotStart", taken, coalesce(seats, 0)
                            USING ERRCODE = 'check_violation', CONSTRAINT = 'CK_SeatClaims_WithinCapacity';
                    END IF;
                    RETURN NEW;
                END $$;
                """);

            migrationBuilder.DropTable(
                name: "CapacityLanguages");

            migrationBuilder.DropTable(
                name: "SlotLanguageSeats");

            migrationBuilder.DropIndex(
                name: "IX_SeatClaims_SlotStart_Language",
                table: "SeatClaims");

            migrationBuilder.DropColumn(
                name: "Language",
                table: "SeatClaims");
        }
    }
}
