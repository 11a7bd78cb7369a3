using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Allo.Scheduler.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class HotPathIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ClaimReasons_BookingId",
                table: "ClaimReasons");

            migrationBuilder.CreateIndex(
                name: "IX_WaitlistEntries_LeftAt",
                table: "WaitlistEntries",
                column: "LeftAt");

            migrationBuilder.CreateIndex(
                name: "IX_WaitlistEntries_PhoneE164_JoinedAt",
                table: "WaitlistEntries",
                columns: new[] { "PhoneE164", "JoinedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ClaimReasons_BookingId_At",
                table: "ClaimReasons",
                columns: new[] { "BookingId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_Bookings_Claimed",
                table: "Bookings",
                columns: new[] { "ClaimedBy", "ClaimExpiresAt" },
                filter: "\"ClaimedBy\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Bookings_PhoneE164_CreatedAt",
                table: "Bookings",
                columns: new[] { "PhoneE164", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WaitlistEntries_LeftAt",
                table: "WaitlistEntries");

            migrationBuilder.DropIndex(
                name: "IX_WaitlistEntries_PhoneE164_JoinedAt",
                table: "WaitlistEntries");

            migrationBuilder.DropIndex(
                name: "IX_ClaimReasons_BookingId_At",
                table: "ClaimReasons");

            migrationBuilder.DropIndex(
                name: "IX_Bookings_Claimed",
                table: "Bookings");

            migrationBuilder.DropIndex(
                name: "IX_Bookings_PhoneE164_CreatedAt",
                table: "Bookings");

            migrationBuilder.CreateIndex(
                name: "IX_ClaimReasons_BookingId",
                table: "ClaimReasons",
                column: "BookingId");
        }
    }
}
