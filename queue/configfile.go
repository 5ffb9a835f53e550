package queue

import (
	"bytes"
	"errors"
	"strings"

	"github.com/BurntSushi/toml"
)

// retiredKeys are settings an older cuifu wrote that no longer do anything: a config file
// that still has them loads, so an upgrade does not stop a shift.
var retiredKeys = map[string]struct{}{
	"timing.peaks": {}, // the sale-day peak bonus, which every row got, separated nothing
}

// movedKeys are settings that live under another name now. They are refused with the new
// name, so the shop's value is never silently dropped.
var movedKeys = map[string]string{
	"shop.cut_off": "[facts] cutoff",
}

// ParseConfig reads a config file's TOML over the defaults: what the file leaves out keeps
// its default value. Unknown keys are an error, so a typo does not silently do nothing.
func ParseConfig(b []byte) (Config, error) {
	c := DefaultConfig()
	md, err := toml.NewDecoder(bytes.NewReader(b)).Decode(&c)
	if err != nil {
		return Config{}, fromTOML(err)
	}
	for _, k := range md.Undecoded() {
		key := k.String()
		if _, gone := retiredKeys[key]; gone || strings.HasPrefix(key, "timing.peaks.") {
			continue
		}
		if to, ok := movedKeys[key]; ok {
			return Config{}, &ConfigError{Code: "moved_key", Key: key, Args: []any{to}, Line: keyLine(b, key)}
		}
		return Config{}, &ConfigError{Code: "unknown_key", Key: key, Line: keyLine(b, key)}
	}
	if err := c.Resolve(); err != nil {
		var ce *ConfigError
		if errors.As(err, &ce) && ce.Line == 0 {
			ce.Line = keyLine(b, ce.Key)
		}
		return Config{}, err
	}
	return c, nil
}

// DefaultConfigTOML is the commented default config that `cuifu config init` writes. Every
// value in it is the built-in default; a test keeps the two in step.
const DefaultConfigTOML = `# cuifu 配置 / cuifu configuration
# 所有时间规则都按店铺时区计算。Every time-of-day rule runs in the shop's time zone.

[shop]
name = "本店"                 # 店铺名,话术里的 {shop} / the shop's name in the words
signature = ""                # 在短信平台报备的签名,如 "小美家居";为空则不发短信 / registered SMS signature; "" = no SMS
register = ""                 # 称呼:"亲" 或 "您";"" = 按平台习惯 / how buyers are addressed
time_zone = "Asia/Shanghai"
sale_day = ""                 # 再加一个整天的大促 YYYY-MM-DD / one more whole-day sale; "" = none
builtin_sales = true          # 内置大促 双11 / 618 / 双12 (每年 00:00–24:00)

[timing]
grace = "10m0s"               # 下单10分钟内不催 / most buyers pay within 10 minutes
first_wave = "30m0s"          # 第一波 IM 30–60 分钟
first_wave_end = "1h0m0s"
second_wave = "1h0m0s"        # 第二波短信:下单1小时后,且 IM 未回复
phone_after = "2h0m0s"        # 新客高客单:IM 未回复,下单2小时后才打电话 (电话时段内,否则次日)
after_call = "15m0s"          # 电话未接通后,这么久发通知短信"刚才致电未接通"(短信时段内,至多2小时内,否则不发) / the SMS after an unanswered call (at most 2h after it)
cooldown = "1h0m0s"           # 同一订单两次联系的最短间隔
deadline = "72h0m0s"          # 导出未给关闭时间时的默认值
flash_deadline = "30m0s"      # 聚划算/秒杀订单
high_ticket_days = 5          # 高客单跟进天数(从第一次联系算起),买家始终未回复则停止 / days of follow-up from the first touch
quiet = ["02:00-08:00"]       # 免打扰:绝不联系 (windows may cross midnight)
meals = ["12:00-13:00", "18:00-19:00"]

[weights]
# 排序得分,高者先催 / how the ranking scores a due order (higher first).
# 规则:first_wave 须高于 value_max + late_first + deadline/50,这样下单35分钟的新单
# 不会因为金额小而输给已经一天没人联系的大单 / first_wave must stay above value_max +
# late_first + deadline/50: an order placed 35 minutes ago then outranks one untouched for a
# day, whatever the two amounts (unless the older one closes within hours).
deadline = 1000               # 到关闭时间时 1000 分,剩1小时 500 分,剩72小时约 13 分
value_per_doubling = 40       # 金额(元)每翻一倍 40 分
value_max = 400               # 金额分上限 (¥1024 起同分)
first_wave = 500              # 第一波:新单转化最好 / fresh orders convert best
second_wave = 60
retry = 30                    # 次日同点
late_first = 30               # 错过第一波仍未联系
new_high_value = 50           # 新客高客单
callback = 120                # 买家约定的回访
mine = 40                     # 自己接待的订单 (谁接待谁催付)

[windows]
# 各渠道可联系时段 (店铺时区,可跨零点;免打扰时段之外) / when each channel may be used, in the
# shop's zone, windows may cross midnight; the quiet hours close every channel on top of these.
# A touch outside its window waits for it to open. "00:00-24:00" is the whole day.
im = ["08:00-23:00"]                        # IM 平日
im_sale = ["00:00-02:00", "08:00-02:00"]    # IM 大促当天:零点场,并延至次日凌晨2点
phone = ["09:00-21:00"]                     # 电话,每天(含大促日);饭点避开
sms_notification = ["08:00-22:00"]          # 通知短信 (无优惠)
sms_marketing = ["08:00-20:00"]             # 营销短信 (任何优惠;末尾须"拒收请回复R")

[value]
high_ticket_fen = 50000       # ¥500 起算高客单:新客电话
low_ticket_fen = 10000        # ¥100 以下低客单:只一次轻量 IM
max_order_fen = 1000000000    # 一单最多 ¥10,000,000:导入时超过的行拒收

[caps]
per_order = 3
per_low_ticket_order = 1
per_buyer = 0                 # 每位买家(所有未付订单合计)最多联系次数;0 = 只按单 / contacts per buyer over all their orders (0 = per order only)
per_buyer_day = 0             # 每位买家任意连续 24 小时内最多联系次数(所有订单合计);0 = 不限 / contacts per buyer in any rolling 24 hours (0 = no daily cap)
sms_window = "24h0m0s"        # 每位买家任意连续 24 小时内至多一条短信 / one SMS per buyer in any rolling window this long

[suspect]
# 可疑订单(疑似虚假或恶意)从不打电话,只用 IM / suspicious orders are never called: IM only
open_orders = 5               # 未付订单达此数且从未付款 / this many open orders and none ever paid (0 = off)
amount_times = 10             # 新账号订单达常见金额(未付订单中位数)的倍数 / times the usual amount, new account (0 = off)

[channel]
# 标题含这些词的类目,买家反感电话,走 IM / call-averse categories: IM
call_averse_keywords = ["饰品", "首饰", "项链", "耳环", "耳钉", "手链", "戒指", "发夹", "服装", "女装", "男装", "连衣裙", "T恤", "衬衫", "外套", "裤", "裙", "美妆", "化妆", "口红", "面膜", "护肤", "香水", "粉底"]

[roster]
operators = []                # 当班专员,静默订单按小时轮转 / on shift, for the hourly rotation
claim_lease = "15m0s"         # 认领租约 / a claim expires after this
supervisors = []              # 主管:可撤销他人的记录 / may revoke another specialist's events
colleague_window = "30m0s"    # 同事刚联系过该买家时先提醒 / warn when a colleague touched the buyer this recently
undo_window = "30s"           # 工作台 u 可撤销自己上一步的时限 / how long u in the workstation can undo one's last action
# 排班:静默订单只轮转给当班专员;接待人的订单在其当班时归其本人 / shifts: silent orders rotate
# only among the specialists on shift; a reception agent's orders are theirs while on shift.
# [[roster.shift]]
# operator = "小美"
# days = ["mon", "tue", "wed", "thu", "fri"]   # 空 = 每天 / empty = every day
# start = "09:00"
# end = "18:00"                                # 可跨零点 / may cross midnight

[payroll]
look_back = "72h0m0s"         # 归因回看窗口 / attribution window
per_recovered_fen = 200       # 每挽回一单 ¥2
percent_of_amount = 1.0       # 挽回金额的 1%
per_complaint_fen = 500       # 每次投诉扣 ¥5

[paths]
scripts = ""                  # 自定义话术目录 / a directory of scripts overriding the built-in ones
inbox = ""                    # 导出文件收件箱;"" = 数据库旁的 inbox/

# 店铺真实提供的服务,默认全部关闭;话术只说这里写明的 / what the shop really offers
# (all off by default): a script claims only these.
[facts]
free_shipping = false         # 包邮
install = false               # 免费安装
door_delivery = false         # 送货上门
inspect = false               # 签收前可验货
returns = false               # 七天无理由退换
returns_except = ""           # 例外,如 "定制商品除外"
insurance = false             # 运费险
gift = ""                     # 赠品名称;"" = 无赠品
cutoff = ""                   # 当天发货截单时间,如 "17:00";"" = 不承诺
cutoff_on_sale_day = false    # 大促当天截单时间是否仍然有效
stock = ""                    # "order" 拍下减库存 | "payment" 付款减库存 | "" 不说
ships_in_order = false        # 按付款先后发货
pay_later = false             # 先用后付
coupon = ""                   # 可发的优惠券,如 "满300减30";"" = 无
price_change = false          # 客服可以改价

[holdout]
share = 0.0                   # 对照组:这部分买家永不联系,用来衡量真实效果 (0.05 = 5%) / never contacted, to measure lift
salt = ""                     # "" = 本店数据库自带的随机盐 / the store's own random salt

[report]
min_orders = 30               # 少于此数的组显示"数据不足" / smaller groups say "not enough data"
sms_part_fen = 5              # 每条短信(每段)价格 ¥0.05 / price of one SMS part
ab = false                    # 同样合适的几条话术按买家轮换,便于比较 / alternate equally fitting scripts by buyer (A/B)

# 大促日历,补充内置的 / the sale calendar, on top of the built-in sales (店铺时区 local times):
# [[sale]]
# name = "年货节"
# start = "2027-01-20 20:00"
# end = "2027-01-25 24:00"              # 活动价结束 / when the sale price ends
# balance_start = "2027-01-25 00:00"    # 可选:预售尾款 / optional presale balance window
# balance_end = "2027-01-25 24:00"

[presale]
remind = "6h0m0s"             # 预售尾款:截止前这么久再提醒一次 / the balance's last reminder, this long before the window ends
# 导出"分阶段订单信息"的阶段词,补充或覆盖内置的 / stage words, added to the built-in ones:
# [presale.stages]
# "已付定金待付尾款" = "balance_unpaid"   # deposit_unpaid | balance_unpaid | paid

# 导出文件的订单状态词,补充或覆盖内置的 / export status words, added to the built-in ones:
# [status.jd]
# "等待付款" = "unpaid"       # unpaid | paid | closed
`
