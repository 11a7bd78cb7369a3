using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Allo.Scheduler.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OutboxBatches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "LeasedUntil",
                table: "OutboundMessages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ProviderCalls",
                table: "OutboundMessages",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Calls made before this column existed all had their outcome recorded.
            migrationBuilder.Sql("UPDATE \"OutboundMessages\" SET \"ProviderCalls\" = \"Attempts\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LeasedUntil",
                table: "OutboundMessages");

            migrationBuilder.DropColumn(
                name: "ProviderCalls",
                table: "OutboundMessages");
        }
    }
}
