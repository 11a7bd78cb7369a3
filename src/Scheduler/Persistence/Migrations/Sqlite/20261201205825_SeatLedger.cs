using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Allo.Scheduler.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SeatLedger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_SeatClaims",
                table: "SeatClaims");

            migrationBuilder.DropCheckConstraint(
                name: "CK_SeatClaims_Seat",
                table: "SeatClaims");

            migrationBuilder.DropColumn(
                name: "Seat",
                table: "SeatClaims");

            migrationBuilder.AddPrimaryKey(
                name: "PK_SeatClaims",
                table: "SeatClaims",
                columns: new[] { "SlotStart", "BookingId" });

            migrationBuilder.CreateTable(
                name: "CapacityRevision",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Revision = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CapacityRevision", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SlotSeats",
                columns: table => new
                {
                    SlotStart = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Seats = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SlotSeats", x => x.SlotStart);
                    table.CheckConstraint("CK_SlotSeats_Seats", "\"Seats\" >= 0");
                });

            migrationBuilder.InsertData(
                table: "CapacityRevision",
                columns: new[] { "Id", "Revision" },
                values: new object[] { 1, 0L });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CapacityRevision");

            migrationBuilder.DropTable(
                name: "SlotSeats");

            migrationBuilder.DropPrimaryKey(
                name: "PK_SeatClaims",
                table: "SeatClaims");

            migrationBuilder.AddColumn<int>(
                name: "Seat",
                table: "SeatClaims",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddPrimaryKey(
                name: "PK_SeatClaims",
                table: "SeatClaims",
                columns: new[] { "SlotStart", "Seat" });

            migrationBuilder.AddCheckConstraint(
                name: "CK_SeatClaims_Seat",
                table: "SeatClaims",
                sql: "\"Seat\" >= 1");
        }
    }
}
