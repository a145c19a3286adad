// Drives zf_requantizer with the cases of requantizer_cases.hex (acc, multiplier, shift, lo, hi,
// expected; one 32-bit hex word each) and prints one RESULT line.
module tb_requantizer;
    localparam int CASES = 256;
    localparam int W = 8;
    logic [31:0] cases [CASES * 6];
    logic clk = 1'b0;
    logic in_valid = 1'b0;
    logic signed [31:0] acc, multiplier;
    logic [5:0] shift;
    logic signed [W-1:0] lo, hi, y;
    logic out_valid;
    zf_requantizer dut (.clk(clk), .in_valid(in_valid), .acc(acc), .multiplier(multiplier), .shift(shift), .lo(lo), .hi(hi),
        .out_valid(out_valid), .y(y));
    always #5 clk <= !clk;
    int errors = 0;
    int seen = 0;
    initial begin
        $readmemh("requantizer_cases.hex", cases);
        for (int i = 0; i < CASES + 4; i++) begin
            if (i < CASES) begin
                acc = cases[i*6]; multiplier = cases[i*6+1]; shift = cases[i*6+2][5:0];
                lo = cases[i*6+3][W-1:0]; hi = cases[i*6+4][W-1:0];
                in_valid = 1'b1;
            end else in_valid = 1'b0;
            @(posedge clk);
            #1;
            if (out_valid) begin
                if (y !== cases[seen*6+5][W-1:0]) begin
                    errors++;
                    if (errors <= 10) $display("MISMATCH case %0d got %0d expected %0d", seen, y, $signed(cases[seen*6+5][W-1:0]));
                end
                seen++;
            end
        end
        $display("RESULT %s errors=%0d checked=%0d", errors == 0 && seen == CASES ? "PASS" : "FAIL", errors, seen);
        $finish;
    end
endmodule
