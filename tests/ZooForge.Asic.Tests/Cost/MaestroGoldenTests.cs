using ZooForge.Asic.Cost;
using ZooForge.Asic.Dataflows;
using ZooForge.Asic.Description;
using ZooForge.Asic.Problem;

namespace ZooForge.Asic.Tests.Cost;

/// <summary>
/// Runtimes measured with MAESTRO (maestro-project/maestro, commit 4eb08d17c87caf1ee3f3a351b10eb9b8ef70dd87,
/// built outside this repository, C++17 with Debian 12's boost), run as
/// <c>./maestro --HW_file=hw.m --Mapping_file=layers.m --print_res=false --print_res_csv_file=true --print_log_file=false</c>
/// with the other flags at their defaults (one NoC hop of latency 1 as MAESTRO's NoC model counts it,
/// multicast on, one MAC per PE, double buffering). The hardware file gives num_pes, noc_bw_cstr and
/// offchip_bw_cstr as in each case below, with l1_size_cstr 1000000 and l2_size_cstr 100000000 (no
/// buffer limit). The mapping file is MAESTRO's tools/frontend/dataflow/{kcp_ws,ykp_os,rs}.m with
/// ykp_os's kernel tile of 7 written Sz(R)/Sz(S); each layer's Y and X are the padded input size,
/// so that MAESTRO's unpadded output size equals torchvision's. The figure is the CSV's "Runtime (Cycles)".
/// </summary>
public class MaestroGoldenTests
{
    /// <summary>One recorded MAESTRO run.</summary>
    /// <remarks>
    /// <see cref="StridedArtifact"/> marks the stride-2 cases where MAESTRO's figure is bound by words
    /// its tiles do not hold (README, "Systematic differences"): there MAESTRO counts twice the output
    /// tile as egress and R² + 16·(stride − 1) input words per extra cluster in the shared-buffer tile.
    /// </remarks>
    public sealed record Case(string Layer, string MaestroDataflow, int Pes, int NocBandwidth, int OffChipBandwidth, long MaestroCycles, bool StridedArtifact = false)
    {
        public override string ToString() => $"{Layer} {MaestroDataflow} {Pes}PE noc{NocBandwidth} off{OffChipBandwidth}";
    }

    // name: K, C, R (=S), padded input Y, padded input X, stride
    private static readonly Dictionary<string, (int K, int C, int R, int Y, int X, int Stride)> Shapes = new()
    {
        ["r18_conv1"] = (64, 3, 7, 230, 230, 2),
        ["r18_l1_conv"] = (64, 64, 3, 58, 58, 1),
        ["r18_l2_0_conv1"] = (128, 64, 3, 58, 58, 2),
        ["r18_l2_conv"] = (128, 128, 3, 30, 30, 1),
        ["r18_l2_0_down"] = (128, 64, 1, 56, 56, 2),
        ["r18_l3_conv"] = (256, 256, 3, 16, 16, 1),
        ["r18_l4_conv"] = (512, 512, 3, 9, 9, 1),
        ["r18_fc"] = (1000, 512, 1, 1, 1, 1),
        ["mv2_conv0"] = (32, 3, 3, 226, 226, 2),
        ["mv2_pw1"] = (16, 32, 1, 112, 112, 1),
        ["mv2_exp2"] = (96, 16, 1, 112, 112, 1),
        ["mv2_pw2"] = (24, 96, 1, 56, 56, 1),
        ["mv2_last"] = (1280, 320, 1, 7, 7, 1),
        ["mv2_fc"] = (1000, 1280, 1, 1, 1, 1),
        // Further shapes, recorded at four other configurations: vgg16, resnet50 and alexnet layers and two odd ones.
        ["vgg_c3"] = (256, 128, 3, 58, 58, 1),
        ["r50_1x1"] = (256, 1024, 1, 14, 14, 1),
        ["alex_c2"] = (192, 64, 5, 31, 31, 1),
        ["alex_c1"] = (64, 3, 11, 227, 227, 4),
        ["r50_c3"] = (64, 64, 3, 58, 58, 1),
        ["odd"] = (50, 30, 3, 41, 37, 1),
        ["odd2"] = (100, 7, 5, 20, 20, 1),
    };

    public static IEnumerable<Case> AllCases() =>
    [
        new("r18_conv1", "kcp_ws", 256, 64, 32, 10838028),
        new("r18_l1_conv", "kcp_ws", 256, 64, 32, 4515840),
        new("r18_l2_0_conv1", "kcp_ws", 256, 64, 32, 2257920),
        new("r18_l2_conv", "kcp_ws", 256, 64, 32, 4515840),
        new("r18_l2_0_down", "kcp_ws", 256, 64, 32, 250880),
        new("r18_l3_conv", "kcp_ws", 256, 64, 32, 4515840),
        new("r18_l4_conv", "kcp_ws", 256, 64, 32, 4515840),
        new("r18_fc", "kcp_ws", 256, 64, 32, 20000),
        new("mv2_conv0", "kcp_ws", 256, 64, 32, 1003523),
        new("mv2_pw1", "kcp_ws", 256, 64, 32, 250880),
        new("mv2_exp2", "kcp_ws", 256, 64, 32, 602114),
        new("mv2_pw2", "kcp_ws", 256, 64, 32, 376320),
        new("mv2_last", "kcp_ws", 256, 64, 32, 784000),
        new("mv2_fc", "kcp_ws", 256, 64, 32, 50000),
        new("r18_conv1", "ykp_os", 256, 64, 32, 677401),
        new("r18_l1_conv", "ykp_os", 256, 64, 32, 688133),
        new("r18_l2_0_conv1", "ykp_os", 256, 64, 32, 430082, StridedArtifact: true),
        new("r18_l2_conv", "ykp_os", 256, 64, 32, 688133),
        new("r18_l2_0_down", "ykp_os", 256, 64, 32, 229376),
        new("r18_l3_conv", "ykp_os", 256, 64, 32, 688133),
        new("r18_l4_conv", "ykp_os", 256, 64, 32, 1376260),
        new("r18_fc", "ykp_os", 256, 64, 32, 64513),
        new("mv2_conv0", "ykp_os", 256, 64, 32, 80642, StridedArtifact: true),
        new("mv2_pw1", "ykp_os", 256, 64, 32, 200704),
        new("mv2_exp2", "ykp_os", 256, 64, 32, 602112),
        new("mv2_pw2", "ykp_os", 256, 64, 32, 344064),
        new("mv2_last", "ykp_os", 256, 64, 32, 537600),
        new("mv2_fc", "ykp_os", 256, 64, 32, 161281),
        new("r18_conv1", "rs", 256, 64, 32, 677416),
        new("r18_l1_conv", "rs", 256, 64, 32, 731147),
        new("r18_l2_0_conv1", "rs", 256, 64, 32, 731143),
        new("r18_l2_conv", "rs", 256, 64, 32, 1462279),
        new("r18_l2_0_down", "rs", 256, 64, 32, 243713),
        new("r18_l3_conv", "rs", 256, 64, 32, 2924549),
        new("r18_l4_conv", "rs", 256, 64, 32, 5849092),
        new("r18_fc", "rs", 256, 64, 32, 548353),
        new("mv2_conv0", "rs", 256, 64, 32, 112896, StridedArtifact: true),
        new("mv2_pw1", "rs", 256, 64, 32, 200704),
        new("mv2_exp2", "rs", 256, 64, 32, 602112),
        new("mv2_pw2", "rs", 256, 64, 32, 301056),
        new("mv2_last", "rs", 256, 64, 32, 3046401),
        new("mv2_fc", "rs", 256, 64, 32, 1370881),
        new("r18_conv1", "kcp_ws", 256, 64, 256, 10838028),
        new("r18_l1_conv", "kcp_ws", 256, 64, 256, 1354932),
        new("r18_l2_0_conv1", "kcp_ws", 256, 64, 256, 677700),
        new("r18_l2_conv", "kcp_ws", 256, 64, 256, 1355652),
        new("r18_l2_0_down", "kcp_ws", 256, 64, 256, 75300),
        new("r18_l3_conv", "kcp_ws", 256, 64, 256, 1358820),
        new("r18_l4_conv", "kcp_ws", 256, 64, 256, 1372068),
        new("r18_fc", "kcp_ws", 256, 64, 256, 9754),
        new("mv2_conv0", "kcp_ws", 256, 64, 256, 1003523),
        new("mv2_pw1", "kcp_ws", 256, 64, 256, 100355),
        new("mv2_exp2", "kcp_ws", 256, 64, 256, 602114),
        new("mv2_pw2", "kcp_ws", 256, 64, 256, 112918),
        new("mv2_last", "kcp_ws", 256, 64, 256, 238084),
        new("mv2_fc", "kcp_ws", 256, 64, 256, 24754),
        new("r18_conv1", "ykp_os", 256, 64, 256, 677401),
        new("r18_l1_conv", "ykp_os", 256, 64, 256, 688133),
        new("r18_l2_0_conv1", "ykp_os", 256, 64, 256, 344069),
        new("r18_l2_conv", "ykp_os", 256, 64, 256, 688133),
        new("r18_l2_0_down", "ykp_os", 256, 64, 256, 100351),
        new("r18_l3_conv", "ykp_os", 256, 64, 256, 688133),
        new("r18_l4_conv", "ykp_os", 256, 64, 256, 1376260),
        new("r18_fc", "ykp_os", 256, 64, 256, 64513),
        new("mv2_conv0", "ykp_os", 256, 64, 256, 64517),
        new("mv2_pw1", "ykp_os", 256, 64, 256, 100351),
        new("mv2_exp2", "ykp_os", 256, 64, 256, 301055),
        new("mv2_pw2", "ykp_os", 256, 64, 256, 118271),
        new("mv2_last", "ykp_os", 256, 64, 256, 358401),
        new("mv2_fc", "ykp_os", 256, 64, 256, 161281),
        new("r18_conv1", "rs", 256, 64, 256, 677416),
        new("r18_l1_conv", "rs", 256, 64, 256, 731147),
        new("r18_l2_0_conv1", "rs", 256, 64, 256, 731143),
        new("r18_l2_conv", "rs", 256, 64, 256, 1462279),
        new("r18_l2_0_down", "rs", 256, 64, 256, 243713),
        new("r18_l3_conv", "rs", 256, 64, 256, 2924549),
        new("r18_l4_conv", "rs", 256, 64, 256, 5849092),
        new("r18_fc", "rs", 256, 64, 256, 548353),
        new("mv2_conv0", "rs", 256, 64, 256, 68559),
        new("mv2_pw1", "rs", 256, 64, 256, 100343),
        new("mv2_exp2", "rs", 256, 64, 256, 301047),
        new("mv2_pw2", "rs", 256, 64, 256, 182786),
        new("mv2_last", "rs", 256, 64, 256, 3046401),
        new("mv2_fc", "rs", 256, 64, 256, 1370881),
        new("r18_conv1", "kcp_ws", 168, 32, 64, 23683086),
        new("r18_l1_conv", "kcp_ws", 168, 32, 64, 4515894),
        new("r18_l2_0_conv1", "kcp_ws", 168, 32, 64, 2257974),
        new("r18_l2_conv", "kcp_ws", 168, 32, 64, 4516470),
        new("r18_l2_0_down", "kcp_ws", 168, 32, 64, 250886),
        new("r18_l3_conv", "kcp_ws", 168, 32, 64, 4519350),
        new("r18_l4_conv", "kcp_ws", 168, 32, 64, 4532022),
        new("r18_fc", "kcp_ws", 168, 32, 64, 23506),
        new("mv2_conv0", "kcp_ws", 168, 32, 64, 2207747),
        new("mv2_pw1", "kcp_ws", 168, 32, 64, 301059),
        new("mv2_exp2", "kcp_ws", 168, 32, 64, 1204226),
        new("mv2_pw2", "kcp_ws", 168, 32, 64, 376338),
        new("mv2_last", "kcp_ws", 168, 32, 64, 786566),
        new("mv2_fc", "kcp_ws", 168, 32, 64, 59506),
        new("r18_conv1", "ykp_os", 168, 32, 64, 1225768),
        new("r18_l1_conv", "ykp_os", 168, 32, 64, 1204232),
        new("r18_l2_0_conv1", "ykp_os", 168, 32, 64, 602120),
        new("r18_l2_conv", "ykp_os", 168, 32, 64, 1204232),
        new("r18_l2_0_down", "ykp_os", 168, 32, 64, 200702),
        new("r18_l3_conv", "ykp_os", 168, 32, 64, 1605640),
        new("r18_l4_conv", "ykp_os", 168, 32, 64, 1605639),
        new("r18_fc", "ykp_os", 168, 32, 64, 64513),
        new("mv2_conv0", "ykp_os", 168, 32, 64, 112904),
        new("mv2_pw1", "ykp_os", 168, 32, 64, 204286),
        new("mv2_exp2", "ykp_os", 168, 32, 64, 612862),
        new("mv2_pw2", "ykp_os", 168, 32, 64, 241918),
        new("mv2_last", "ykp_os", 168, 32, 64, 716799),
        new("mv2_fc", "ykp_os", 168, 32, 64, 161281),
        new("r18_conv1", "rs", 168, 32, 64, 934142),
        new("r18_l1_conv", "rs", 168, 32, 64, 759829),
        new("r18_l2_0_conv1", "rs", 168, 32, 64, 759821),
        new("r18_l2_conv", "rs", 168, 32, 64, 1519629),
        new("r18_l2_0_down", "rs", 168, 32, 64, 243714),
        new("r18_l3_conv", "rs", 168, 32, 64, 3039241),
        new("r18_l4_conv", "rs", 168, 32, 64, 6078471),
        new("r18_fc", "rs", 168, 32, 64, 548353),
        new("mv2_conv0", "rs", 168, 32, 64, 110898, StridedArtifact: true),
        new("mv2_pw1", "rs", 168, 32, 64, 200676),
        new("mv2_exp2", "rs", 168, 32, 64, 602084),
        new("mv2_pw2", "rs", 168, 32, 64, 241912),
        new("mv2_last", "rs", 168, 32, 64, 3046401),
        new("mv2_fc", "rs", 168, 32, 64, 1370881),
        new("r18_conv1", "kcp_ws", 64, 16, 16, 54591507),
        new("r18_l1_conv", "kcp_ws", 64, 16, 16, 16257096),
        new("r18_l2_0_conv1", "kcp_ws", 64, 16, 16, 8128584),
        new("r18_l2_conv", "kcp_ws", 64, 16, 16, 16257096),
        new("r18_l2_0_down", "kcp_ws", 64, 16, 16, 903176),
        new("r18_l3_conv", "kcp_ws", 64, 16, 16, 16257096),
        new("r18_l4_conv", "kcp_ws", 64, 16, 16, 16257096),
        new("r18_fc", "kcp_ws", 64, 16, 16, 72008),
        new("mv2_conv0", "kcp_ws", 64, 16, 16, 5218308),
        new("mv2_pw1", "kcp_ws", 64, 16, 16, 1003524),
        new("mv2_exp2", "kcp_ws", 64, 16, 16, 3612674),
        new("mv2_pw2", "kcp_ws", 64, 16, 16, 1354760),
        new("mv2_last", "kcp_ws", 64, 16, 16, 2822408),
        new("mv2_fc", "kcp_ws", 64, 16, 16, 180008),
        new("r18_conv1", "ykp_os", 64, 16, 16, 3975614),
        new("r18_l1_conv", "ykp_os", 64, 16, 16, 3813388),
        new("r18_l2_0_conv1", "ykp_os", 64, 16, 16, 2179084),
        new("r18_l2_conv", "ykp_os", 64, 16, 16, 3813388),
        new("r18_l2_0_down", "ykp_os", 64, 16, 16, 401409),
        new("r18_l3_conv", "ykp_os", 64, 16, 16, 4358156),
        new("r18_l4_conv", "ykp_os", 64, 16, 16, 4358156),
        new("r18_fc", "ykp_os", 64, 16, 16, 96770),
        new("mv2_conv0", "ykp_os", 64, 16, 16, 370284),
        new("mv2_pw1", "ykp_os", 64, 16, 16, 401409),
        new("mv2_exp2", "ykp_os", 64, 16, 16, 1204225),
        new("mv2_pw2", "ykp_os", 64, 16, 16, 602113),
        new("mv2_last", "ykp_os", 64, 16, 16, 1433601),
        new("mv2_fc", "ykp_os", 64, 16, 16, 241922),
        new("r18_conv1", "rs", 64, 16, 16, 2882957),
        new("r18_l1_conv", "rs", 64, 16, 16, 2494485),
        new("r18_l2_0_conv1", "rs", 64, 16, 16, 1662997),
        new("r18_l2_conv", "rs", 64, 16, 16, 3325973),
        new("r18_l2_0_down", "rs", 64, 16, 16, 401408),
        new("r18_l3_conv", "rs", 64, 16, 16, 3325969),
        new("r18_l4_conv", "rs", 64, 16, 16, 6651917),
        new("r18_fc", "rs", 64, 16, 16, 580610),
        new("mv2_conv0", "rs", 64, 16, 16, 233877),
        new("mv2_pw1", "rs", 64, 16, 16, 458752),
        new("mv2_exp2", "rs", 64, 16, 16, 1376256),
        new("mv2_pw2", "rs", 64, 16, 16, 602112),
        new("mv2_last", "rs", 64, 16, 16, 3225602),
        new("mv2_fc", "rs", 64, 16, 16, 1451522),
        new("r18_l2_conv", "kcp_ws", 512, 128, 8, 16257024),
        new("mv2_pw2", "kcp_ws", 512, 128, 8, 1354752),
        new("vgg_c3", "kcp_ws", 512, 128, 8, 130056192),
        new("r50_1x1", "kcp_ws", 512, 128, 8, 7225344),
        new("alex_c2", "kcp_ws", 512, 128, 8, 31492800),
        new("alex_c1", "kcp_ws", 512, 128, 8, 9873600),
        new("r50_c3", "kcp_ws", 512, 128, 8, 16257024),
        new("odd", "kcp_ws", 512, 128, 8, 2895165),
        new("odd2", "kcp_ws", 512, 128, 8, 652288),
        new("r18_l2_conv", "ykp_os", 512, 128, 8, 1605632),
        new("mv2_pw2", "ykp_os", 512, 128, 8, 1376256),
        new("vgg_c3", "ykp_os", 512, 128, 8, 14680064),
        new("r50_1x1", "ykp_os", 512, 128, 8, 6422528),
        new("alex_c2", "ykp_os", 512, 128, 8, 2778624),
        new("alex_c1", "ykp_os", 512, 128, 8, 958320),
        new("r50_c3", "ykp_os", 512, 128, 8, 1835008),
        new("odd", "ykp_os", 512, 128, 8, 537600),
        new("odd2", "ykp_os", 512, 128, 8, 78400),
        new("r18_l2_conv", "rs", 512, 128, 8, 1605632),
        new("mv2_pw2", "rs", 512, 128, 8, 1204224),
        new("vgg_c3", "rs", 512, 128, 8, 12845056),
        new("r50_1x1", "rs", 512, 128, 8, 6422528),
        new("alex_c2", "rs", 512, 128, 8, 2778624),
        new("alex_c1", "rs", 512, 128, 8, 1236840),
        new("r50_c3", "rs", 512, 128, 8, 1605632),
        new("odd", "rs", 512, 128, 8, 327600),
        new("odd2", "rs", 512, 128, 8, 78400),
        new("r18_l2_conv", "kcp_ws", 100, 8, 128, 30707856),
        new("mv2_pw2", "kcp_ws", 100, 8, 128, 2558992),
        new("vgg_c3", "kcp_ws", 100, 8, 128, 245661840),
        new("r50_1x1", "kcp_ws", 100, 8, 128, 13647888),
        new("alex_c2", "kcp_ws", 100, 8, 128, 59486800),
        new("alex_c1", "kcp_ws", 100, 8, 128, 41043291),
        new("r50_c3", "kcp_ws", 100, 8, 128, 30707856),
        new("odd", "kcp_ws", 100, 8, 128, 5255318),
        new("odd2", "kcp_ws", 100, 8, 128, 1766444),
        new("r18_l2_conv", "ykp_os", 100, 8, 128, 4157465),
        new("mv2_pw2", "ykp_os", 100, 8, 128, 913915),
        new("vgg_c3", "ykp_os", 100, 8, 128, 33259545),
        new("r50_1x1", "ykp_os", 100, 8, 128, 6422523),
        new("alex_c2", "ykp_os", 100, 8, 128, 8190789),
        new("alex_c1", "ykp_os", 100, 8, 128, 2501733),
        new("r50_c3", "ykp_os", 100, 8, 128, 4157465),
        new("odd", "ykp_os", 100, 8, 128, 852625),
        new("odd2", "ykp_os", 100, 8, 128, 185877),
        new("r18_l2_conv", "rs", 100, 8, 128, 1949746),
        new("mv2_pw2", "rs", 100, 8, 128, 903084),
        new("vgg_c3", "rs", 100, 8, 128, 15597624),
        new("r50_1x1", "rs", 100, 8, 128, 6422523),
        new("alex_c2", "rs", 100, 8, 128, 5557361),
        new("alex_c1", "rs", 100, 8, 128, 2005459),
        new("r50_c3", "rs", 100, 8, 128, 1949752),
        new("odd", "rs", 100, 8, 128, 571256),
        new("odd2", "rs", 100, 8, 128, 105156),
        new("r18_l2_conv", "kcp_ws", 128, 256, 4, 43352064),
        new("mv2_pw2", "kcp_ws", 128, 256, 4, 3612672),
        new("vgg_c3", "kcp_ws", 128, 256, 4, 346816512),
        new("r50_1x1", "kcp_ws", 128, 256, 4, 19267584),
        new("alex_c2", "kcp_ws", 128, 256, 4, 83980800),
        new("alex_c1", "kcp_ws", 128, 256, 4, 26329600),
        new("r50_c3", "kcp_ws", 128, 256, 4, 43352064),
        new("odd", "kcp_ws", 128, 256, 4, 6893250),
        new("odd2", "kcp_ws", 128, 256, 4, 1676800),
        new("r18_l2_conv", "ykp_os", 128, 256, 4, 6193152),
        new("mv2_pw2", "ykp_os", 128, 256, 4, 2408448),
        new("vgg_c3", "ykp_os", 128, 256, 4, 43352064),
        new("r50_1x1", "ykp_os", 128, 256, 4, 14680064),
        new("alex_c2", "ykp_os", 128, 256, 4, 12441600),
        new("alex_c1", "ykp_os", 128, 256, 4, 3354120),
        new("r50_c3", "ykp_os", 128, 256, 4, 5419008),
        new("odd", "ykp_os", 128, 256, 4, 1134000),
        new("odd2", "ykp_os", 128, 256, 4, 235200),
        new("r18_l2_conv", "rs", 128, 256, 4, 3211264),
        new("mv2_pw2", "rs", 128, 256, 4, 2408448),
        new("vgg_c3", "rs", 128, 256, 4, 38535168),
        new("r50_1x1", "rs", 128, 256, 4, 12845056),
        new("alex_c2", "rs", 128, 256, 4, 10616832),
        new("alex_c1", "rs", 128, 256, 4, 2692800),
        new("r50_c3", "rs", 128, 256, 4, 4816896),
        new("odd", "rs", 128, 256, 4, 655200),
        new("odd2", "rs", 128, 256, 4, 156800),
        new("r18_l2_conv", "ykp_os", 32, 32, 32, 5619718),
        new("mv2_pw2", "ykp_os", 32, 32, 32, 602113),
        new("vgg_c3", "ykp_os", 32, 32, 32, 44957702),
        new("r50_1x1", "ykp_os", 32, 32, 32, 3211265),
        new("alex_c2", "ykp_os", 32, 32, 32, 11321871),
        new("alex_c1", "ykp_os", 32, 32, 32, 3437349),
        new("r50_c3", "ykp_os", 32, 32, 32, 5619718),
        new("odd", "ykp_os", 32, 32, 32, 1176006),
        new("odd2", "ykp_os", 32, 32, 32, 244623),
        new("r18_l2_conv", "rs", 32, 32, 32, 4558856),
        new("mv2_pw2", "rs", 32, 32, 32, 365570),
        new("vgg_c3", "rs", 32, 32, 32, 36470792),
        new("r50_1x1", "rs", 32, 32, 32, 3899393),
        new("alex_c2", "rs", 32, 32, 32, 9745938),
        new("alex_c1", "rs", 32, 32, 32, 4453749),
        new("r50_c3", "rs", 32, 32, 32, 4558856),
        new("odd", "rs", 32, 32, 32, 890408),
        new("odd2", "rs", 32, 32, 32, 221106),
    ];

    internal static AsicLayer Layer(string name)
    {
        var (k, c, r, y, x, stride) = Shapes[name];
        return new AsicLayer
        {
            Name = name, Kind = r == 1 && y == 1 ? LayerKind.FullyConnected : LayerKind.Conv, K = k, C = c, R = r, S = r,
            P = (y - r) / stride + 1, Q = (x - r) / stride + 1, Stride = stride,
        };
    }

    internal static SpatialAccelerator Hardware(int pes, int noc, int offChip) => new()
    {
        Name = "maestro", PeX = pes, PeY = 1, L1Bytes = 1_000_000, L2Bytes = 100_000_000,
        NocBandwidth = noc, OffChipBandwidth = offChip, ClockMhz = 1000,
    };

    public static IEnumerable<Case> Cases() => AllCases().Where(c => !c.StridedArtifact);

    public static IEnumerable<Case> StridedArtifactCases() => AllCases().Where(c => c.StridedArtifact);

    internal static long OurCycles(Case c)
    {
        var layer = Layer(c.Layer);
        var hw = Hardware(c.Pes, c.NocBandwidth, c.OffChipBandwidth);
        var mapping = DataflowTemplates.Create(DataflowNames.Parse(c.MaestroDataflow), layer, hw.Pes);
        return LoopNestCostModel.Evaluate(layer, hw, mapping).Cycles;
    }

    [Test]
    public void At_least_12_layers_are_recorded_for_each_dataflow_file()
    {
        foreach (var file in new[] { "kcp_ws", "ykp_os", "rs" })
            Assert.That(AllCases().Where(c => c.MaestroDataflow == file).Select(c => c.Layer).Distinct().Count(), Is.GreaterThanOrEqualTo(12), file);
        Assert.That(StridedArtifactCases().Count(), Is.LessThanOrEqualTo(4));
    }

    [TestCaseSource(nameof(StridedArtifactCases))]
    public void Strided_cases_bound_by_maestros_extra_words_come_out_lower(Case c)
    {
        long ours = OurCycles(c);
        TestContext.Out.WriteLine($"STRIDED {c.Layer} {c.MaestroDataflow} {c.Pes} {c.NocBandwidth} {c.OffChipBandwidth} maestro={c.MaestroCycles} ours={ours} diff={(ours - c.MaestroCycles) * 100.0 / c.MaestroCycles:+0.0;-0.0}%");
        Assert.That(Layer(c.Layer).Stride, Is.GreaterThan(1));
        Assert.That(ours, Is.LessThan(c.MaestroCycles).And.GreaterThan(c.MaestroCycles / 2));
    }

    [TestCaseSource(nameof(Cases))]
    public void Runtime_is_within_15_percent_of_maestro(Case c)
    {
        long cycles = OurCycles(c);
        var cost = new { Cycles = cycles };
        double diff = (cost.Cycles - c.MaestroCycles) / (double)c.MaestroCycles;
        TestContext.Out.WriteLine($"GOLDEN {c.Layer} {c.MaestroDataflow} {c.Pes} {c.NocBandwidth} {c.OffChipBandwidth} maestro={c.MaestroCycles} ours={cost.Cycles} diff={diff * 100:+0.0;-0.0}%");
        Assert.That(Math.Abs(diff), Is.LessThanOrEqualTo(0.15), $"ours {cost.Cycles} vs MAESTRO {c.MaestroCycles} ({diff * 100:+0.0;-0.0}%)");
    }
}
