"""Every problem nengli can report, in one table: code -> (message, hint).

The wording is for office staff, not programmers: what is wrong, and what to type instead.
``{…}`` fields are filled by the check that finds the problem. docs/errors.md is built from
this table (``python -m nengli.messages > docs/errors.md``), so it can never drift from the code.
"""

from __future__ import annotations

from typing import Iterable

MESSAGES: dict[str, tuple[str, str]] = {
    # --- finding and reading files -------------------------------------------------------
    "no-data": (
        "找不到数据目录：当前文件夹及其上级文件夹中都没有 data/units.yaml。",
        "请在活动仓库的文件夹中运行，或用 --data 指定数据目录，例如：nengli check --data D:\\活动\\data；"
        "也可以设置环境变量 NENGLI_DATA。新建活动请运行 nengli init。",
    ),
    "data-not-dir": (
        "数据目录“{path}”不存在或不是文件夹。",
        "请检查 --data 或 NENGLI_DATA 给出的路径，数据目录中应有 units.yaml 和 phases 文件夹。",
    ),
    "missing-file": (
        "缺少文件 {name}。",
        "数据目录中必须有单位名册 units.yaml；可以运行 nengli init 生成一个带说明的示例。",
    ),
    "phase-not-read": (
        "phases 文件夹中的“{name}”不是 .yaml 文件，没有读取。",
        "如果它是阶段文件，请改名为 {stem}.yaml（记事本“另存为”时“保存类型”选“所有文件”，否则会加上 .txt）；"
        "否则请把它移出 phases 文件夹。",
    ),
    "no-phases": (
        "phases 文件夹中没有任何阶段文件（*.yaml）。",
        "请至少建立一个阶段文件，例如 phases/phase1.yaml；格式见 README。",
    ),
    "is-dir": (
        "“{name}”是一个文件夹，这里需要的是文件。",
        "请把它改名或移走，再放入同名的文件。",
    ),
    "unreadable": (
        "无法读取文件：{reason}。",
        "请检查文件是否存在、是否被其他程序占用，以及当前用户是否有读取权限。",
    ),
    "binary": (
        "这不是文本文件（含有二进制内容）。",
        "数据文件必须是用记事本或其他文本编辑器保存的 UTF-8 文本；请勿放入 Word、Excel 等文件。",
    ),
    "not-utf8": (
        "文件不是 UTF-8 编码{guess}。",
        "请用记事本打开该文件，选择“另存为”，在“编码”中选择“UTF-8”后保存；"
        "WPS 中请选择“文件 → 另存为 → 编码：UTF-8”。",
    ),
    "conflict": (
        "文件中留有 git 合并冲突标记“{marker}”：合并尚未解决。",
        "请打开文件，在 <<<<<<< 与 >>>>>>> 之间保留正确的内容，删除三行标记，然后再提交。",
    ),
    "tab-indent": (
        "第{line}行用 Tab 键缩进；YAML 只能用空格缩进。",
        "请把行首的 Tab 换成空格（每一级缩进用两个空格）。",
    ),
    "fullwidth-space": (
        "第{line}行用了全角空格“　”；YAML 的缩进和分隔只能用半角空格。",
        "请把全角空格换成普通（半角）空格；输入法切换到半角后再输入空格。",
    ),
    "too-big": (
        "文件过大（{size} MB）：nengli 读取的每个数据文件不超过 {limit} MB。",
        "请检查是否把别的文件（材料、表格、备份）放进了数据目录；正常的阶段文件即使有上百万条登记也远小于这个上限。",
    ),
    # --- YAML syntax ---------------------------------------------------------------------
    "yaml": (
        "YAML 格式错误：{what}。",
        "{hint}",
    ),
    "fullwidth": (
        "第{line}行使用了{what}，YAML 在这里需要半角符号“{ascii}”。",
        "请切换到英文（半角）标点，把“{char}”改成“{ascii}”{after}。",
    ),
    "empty": (
        "文件是空的{what}。",
        "{hint}",
    ),
    "multi-doc": (
        "文件中有多个 YAML 文档（出现了多处“---”）。",
        "每个文件只写一个文档：删除多余的“---”行，或把内容拆成多个文件。",
    ),
    "alias": (
        "不支持 YAML 锚点和引用（& 与 *）。",
        "请把被引用的内容直接写出来；数据文件中不需要锚点。",
    ),
    "tag": (
        "不支持 YAML 标签“{tag}”。",
        "请删除以“!”开头的标签，直接写值；nengli 不执行文件中的任何代码。",
    ),
    # --- shapes and values ---------------------------------------------------------------
    "missing-dash": (
        "这里又出现了“{key}:”（上一个在第{first}行）：这一项前面可能少了“- ”，与上一项连在了一起。",
        "列表的每一项以“- ”开头，与上一项的“- ”对齐，例如“  - {key}: …”。",
    ),
    "colon-space": (
        "第{line}行冒号后面缺少空格，YAML 把“{text}”读成了一整段文字。",
        "在英文冒号后加一个空格：{fixed}",
    ),
    "quote-value": (
        "值“{value}”中有“{mark}”，YAML 把它当作格式符号{why}。",
        "给整个值加引号（英文引号）：{fixed}",
    ),
    "dup-key": (
        "键“{key}”重复出现（第一次在第{first}行）。",
        "同一层中每个键只能出现一次：请删除或合并重复的一项。",
    ),
    "want-mapping": (
        "{what}应当是“键: 值”形式的映射，这里却是{got}。",
        "{hint}",
    ),
    "want-list": (
        "{what}应当是列表（每项以“- ”开头，或写成 [a, b]），这里却是{got}。",
        "例如：{example}",
    ),
    "want-text": (
        "{what}应当是文字，这里却是{got}。",
        "请直接写文字，例如：{example}",
    ),
    "want-int": (
        "{what}应当是整数，这里却是“{value}”。",
        "请写阿拉伯数字，例如：{example}",
    ),
    "quote-id": (
        "{what}“{value}”被 YAML 读成了{kind}，而不是文字。",
        "请给它加上英文引号，写成 \"{value}\"。",
    ),
    "octal": (
        "{what}“{value}”以 0 开头，YAML 会把它当作八进制数。",
        "请给它加上英文引号，写成 \"{value}\"。",
    ),
    "missing-field": (
        "{what}缺少必填项“{field}”。",
        "请补上一行，例如：{example}",
    ),
    "unknown-field": (
        "不认识的字段“{field}”，它会被忽略{suggest}。",
        "{hint}",
    ),
    "bad-date": (
        "{what}“{value}”不是有效的日期：{why}。",
        "日期请写成“年-月-日”，例如 {example}。",
    ),
    "date-form": (
        "{what}“{value}”的写法不对，nengli 只认“年-月-日”形式的日期。",
        "请写成 {example}。",
    ),
    "date-order": (
        "{what}：{later}（{later_value}）早于{earlier}（{earlier_value}）。",
        "请检查这两个日期是否写反或写错。",
    ),
    "record-empty": (
        "单位“{unit}”的登记内容是空的。",
        "请写上报送日期，例如“{unit}: 2022-01-20”；获准免报请写“{unit}: {{exempt: 原因}}”。",
    ),
    "list-in-scalar": (
        "{what}写成了一个值“{value}”：“{sep}”在这里不能分隔多个值。",
        "多个值写成方括号列表，用英文逗号和空格分隔：{fixed}",
    ),
    "item-comma": (
        "{what}“{value}”中有逗号，会被当作一个整体，不会分成几个。",
        "多个值写成 {fixed}；如果它确实是一个名称，请去掉其中的逗号。",
    ),
    "fullwidth-digits": (
        "{what}“{value}”中有全角数字或字母，已按“{narrow}”读取。",
        "请改成半角：{narrow}（输入法切换到半角后再输入数字和字母）。",
    ),
    "exempt-reason": (
        "免报原因（exempt）要写明原因的文字，这里却是{got}。",
        "写成 {{exempt: 经批准暂缓}}：exempt 后面写获准免报的原因；不免报的单位请删除这一行。",
    ),
    "record-exempt-date": (
        "单位“{unit}”的登记同时写了 date 和 exempt。",
        "已报送的写 date，获准免报的写 exempt，二者只留一个。",
    ),
    "bad-sha256": (
        "材料“{path}”的 sha256“{value}”不是 64 位十六进制数字。",
        "这一项是 nengli intake 归档材料时写入的校验值，请不要手改；写错时可以删去这个材料，"
        "再对原文件运行 nengli intake。",
    ),
    "task-alias-clash": (
        "任务别名“{alias}”与任务“{other}”的{what}相同（{first}），按文件夹名无法分辨是哪项任务。",
        "请删去或改写这个别名：一个阶段中各任务的 id、名称和别名都不能相同。",
    ),
    "deep-notice": (
        "notice 中的内容嵌套过深。",
        "notice 中的文字只需要一两层缩进。",
    ),
    # --- references across files ---------------------------------------------------------
    "dup-unit": (
        "单位简称“{unit}”重复（第一次在 {first}）。",
        "每个单位的简称（id）必须唯一；如果是两个不同的单位，请给其中一个换个简称。",
    ),
    "dup-alias": (
        "别名“{alias}”已被单位“{other}”使用（{first}）。",
        "每个别名只能指向一个单位；请删除或改掉其中一个。",
    ),
    "alias-is-id": (
        "别名“{alias}”与另一个单位“{other}”的简称相同。",
        "别名不能与其他单位的简称相同，否则登记时无法分辨是哪个单位；请删除这个别名。",
    ),
    "unknown-category": (
        "类别“{value}”没有在 units.yaml 的 categories 中定义{suggest}。",
        "可用的类别：{known}。",
    ),
    "unknown-unit": (
        "名册中没有单位“{value}”{suggest}。",
        "请使用 units.yaml 中的单位简称或别名；如果是新单位，请先在 units.yaml 中添加。",
    ),
    "unknown-task": (
        "本阶段没有任务“{value}”{suggest}。",
        "records 下的键必须是 tasks 中某个任务的 id。可用的任务：{known}。",
    ),
    "dup-task": (
        "任务 id“{value}”重复（第一次在第{first}行）。",
        "同一阶段中每个任务的 id 必须唯一。",
    ),
    "dup-phase": (
        "阶段编号 {value} 重复：{other} 也是第 {value} 阶段。",
        "每个阶段文件的 phase 编号必须不同；请改正其中一个。",
    ),
    "dup-record": (
        "单位“{unit}”在任务“{task}”下登记了两次（另一处在第{first}行{via}）。",
        "每个单位在每个任务下只登记一次：请删除其中一行。",
    ),
    "not-applicable": (
        "单位“{unit}”属于“{category}”，任务“{task}”不适用于该类别。",
        "请删除这条登记，或在任务的 applies_to 中加入 {key}。",
    ),
    "out-of-scope": (
        "任务“{task}”的 applies_to 含有“{value}”，但本阶段的 scope 不含这一类别。",
        "请在 scope 中加入 {value}，或从 applies_to 中删除它。",
    ),
    "no-tasks": (
        "本阶段还没有任何任务，各项统计和通报都将是空的。",
        "在 tasks 下添加任务，每项以“- ”开头，例如：- {{id: cases, title: 创新案例报送, due: 2022-01-20}}",
    ),
    "no-units": (
        "units 列表是空的。",
        "请至少登记一个单位，格式见 README。",
    ),
    "no-categories": (
        "categories 是空的。",
        "请至少定义一个类别，例如：school: {{name: 学校, counter: 所}}",
    ),
    "before-start": (
        "单位“{unit}”的报送日期 {value} 早于本阶段开始日期 {start}。",
        "请检查日期是否写错（年份或月份）。",
    ),
    "future-record": (
        "单位“{unit}”的报送日期 {value} 晚于统计日期 {as_of}，统计时按未报送处理。",
        "如果日期写错了请改正；如果是预先登记，可以忽略此提示。",
    ),
    # --- templates -----------------------------------------------------------------------
    "template-missing": (
        "找不到模板文件“{name}”。",
        "请检查 --template 给出的路径，或删除该选项以使用默认模板。",
    ),
    "template-syntax": (
        "模板语法错误：{what}。",
        "请对照默认模板检查 {{{{ }}}} 与 {{% %}} 是否成对、拼写是否正确。",
    ),
    "template-undefined": (
        "模板中有拼错或不存在的名字：{what}。",
        "请检查变量名的拼写；可用的变量见 README 的“通报模板”一节。",
    ),
    "template-unsafe": (
        "模板试图执行不安全的操作：{what}。",
        "模板只能使用数据中的值，不能访问系统；请删除这部分内容。",
    ),
    "template-error": (
        "模板渲染出错：{what}。",
        "请对照默认模板检查这一行。",
    ),
    # --- recording and git (nengli record, log, init) ------------------------------------
    "record-unknown-task": (
        "没有任务“{value}”{suggest}。",
        "请写任务的 id 或名称。可用的任务：{known}。",
    ),
    "record-task-ambiguous": (
        "任务“{value}”在多个阶段中都有（第 {phases} 阶段）。",
        "请用 --phase 指定阶段，例如 --phase {first}。",
    ),
    "record-changed": (
        "单位“{unit}”在任务“{task}”下已登记为 {old}，与这次的 {new} 不同。",
        "确认要修改时请加上 --force；本次没有修改任何文件。",
    ),
    "record-before-invalid": (
        "数据中已有下列错误，先改正后才能登记。",
        "运行 nengli check 查看全部问题；本次没有修改任何文件。",
    ),
    "record-date-after-end": (
        "{what}在{phase}结束（{end}）之后。",
        "请用 --date 写明实际的报送日期，例如 --date {example}；确是这一天报送的（阶段结束后补报），"
        "加 --force 再登记。本次没有修改任何文件。",
    ),
    "record-date-future": (
        "{what}在今天（{today}）之后，还没有到。",
        "请检查日期，例如 --date {example}；确要登记这个日期，加 --force。本次没有修改任何文件。",
    ),
    "record-invalid": (
        "这次登记会使数据出现下列错误，因此没有写入，文件未修改。",
        "请检查任务、单位和日期是否写对。",
    ),
    "record-flow": (
        "{what}写在一行的花括号里，nengli 无法在其中自动添加登记。",
        "请把它改成每行一条登记（例如“24中: 2022-01-26”）后再运行；本次没有修改任何文件。",
    ),
    "record-options": (
        "--exempt 与 --date 不能同时使用。",
        "已报送的用 --date 写报送日期，获准免报的用 --exempt 写原因，二者选一。",
    ),
    "locked": (
        "文件 {name} 正被另一个 nengli 命令修改，等待超时。",
        "请稍后再试；如果确实没有其他 nengli 在运行，删除 {lock} 后再试。",
    ),
    "not-git": (
        "“{path}”不在 git 仓库中，无法提交。",
        "请在活动仓库的文件夹中运行（nengli init 可以新建一个），或去掉 --commit；本次没有修改任何文件。",
    ),
    "not-git-log": (
        "“{path}”不在 git 仓库中，没有登记的历史可以查看。",
        "nengli log 读取 git 的提交历史：请在活动仓库的文件夹中运行（nengli init 可以新建一个），"
        "登记时加 --commit 即留下历史。",
    ),
    "git-missing": (
        "找不到 git 程序。",
        "请安装 Git（Windows 上为 Git for Windows），并确认在命令行中可以运行 git。",
    ),
    "record-commit-dirty": (
        "{name} 有尚未提交的修改，加 --commit 会把它们和这次登记一起提交。",
        "请先用 git diff 查看这些修改，确认后用 git commit 提交，再登记；或者去掉 --commit，"
        "登记后一起提交。本次没有修改任何文件。",
    ),
    "intake-missing": (
        "收件文件夹“{path}”不存在。",
        "请检查路径，写存放收到的材料的文件夹，例如：nengli intake 收件箱/1月10日；本次没有修改任何文件。",
    ),
    "intake-not-dir": (
        "“{path}”是一个文件，nengli intake 需要的是存放材料的文件夹。",
        "请写文件所在的文件夹；本次没有修改任何文件。",
    ),
    "intake-empty": (
        "收件文件夹“{path}”中没有文件。",
        "请先把收到的材料保存到这个文件夹（可以按任务或单位分子文件夹），再运行 nengli intake；本次没有修改任何文件。",
    ),
    "intake-unreadable": (
        "无法读取收到的文件：{reason}。",
        "请关闭正在使用它的程序，或检查读取权限后再运行；本次没有修改任何文件。",
    ),
    "intake-only-litter": (
        "收件文件夹“{path}”中没有材料，只有 {count} 个临时文件或系统文件：{names}。",
        "这些是 Word、WPS 打开文件时留下的锁定文件（~$ 开头）、Windows 的缩略图（Thumbs.db）等，不是单位报来的材料；"
        "请先把收到的材料保存到这个文件夹，再运行 nengli intake；本次没有修改任何文件。",
    ),
    "intake-task": (
        "看不出下列 {count} 个文件是哪项任务，没有登记：{files}。",
        "请用 --task 指定任务（如 --task cases），或把文件放进以任务 id、名称或别名命名的文件夹"
        "（任务的别名写在阶段文件中，如 aliases: [三个清单]），再运行一次 nengli intake；其余文件已照常处理。",
    ),
    "intake-empty-file": (
        "下列 {count} 个文件是空的（0 字节），没有登记：{files}。",
        "空文件多半是没有下载成功（微信、QQ 中文件过期或网络中断）；请重新下载或请单位重新发送，"
        "保存到收件文件夹后再运行一次 nengli intake。",
    ),
    "intake-partial": (
        "下列 {count} 个文件没有下载完，没有登记：{files}。",
        "浏览器下载未完成的文件以 .crdownload、.part 等结尾；请等下载完成（或重新下载）后再运行一次 nengli intake。",
    ),
    "intake-same-file": (
        "{who}报来的文件内容完全相同：{files}；已分别登记。",
        "两个单位（或同一单位的两项任务）的材料一字不差，多半有一份发错了；请与这些单位核对，"
        "发错的请在阶段文件中改正该登记（改后运行 nengli check 检查）。",
    ),
    "intake-unwritable": (
        "无法把材料归档到“{path}”：{reason}。",
        "请检查材料文件夹（data/campaign.yaml 中的 materials）是否存在、是否可写、磁盘是否已满；"
        "本次没有登记，也没有留下归档的文件。",
    ),
    "path-too-long": (
        "材料的归档路径有 {length} 个字符，Windows 不能建立 {limit} 个字符及更长的路径：{path}",
        "请把材料文件夹设得短一些（data/campaign.yaml 中写 materials: D:/材料），或缩短任务名称、文件名；"
        "也可以请 IT 人员开启 Windows 的长路径支持（nengli doctor 写有方法）。本次没有登记，也没有归档任何文件。",
    ),
    "material-missing": (
        "单位“{unit}”登记的材料“{path}”找不到了。",
        "请把这个文件放回原处；如果材料文件夹移动过，请相应修改 data/campaign.yaml 中的 materials。",
    ),
    "material-changed": (
        "单位“{unit}”登记的材料“{path}”与登记时的文件不同（sha256 不符）。",
        "归档的材料不应改动；请从收件文件夹或单位重新取得原件放回，改动过的文件另存他处。",
    ),
    "materials-absent": (
        "本机没有材料文件夹“{folder}”，已登记的 {files} 份材料没有核对。",
        "材料不进 git，只保存在运行 nengli intake 归档材料的电脑上（或 data/campaign.yaml 中 materials 指定的共享盘）；"
        "在那台电脑上运行 nengli check 即可核对。其余数据都已检查，这一条不算警告。",
    ),
    "git-identity": (
        "git 还没有设置提交人的姓名和邮箱，无法提交。",
        "请先运行：git config --global user.name \"张三\" 和 git config --global user.email \"zhangsan@example.com\"。",
    ),
    "git-failed": (
        "git 命令执行失败：{reason}",
        "{hint}",
    ),
    "git-timeout": (
        "{command} 超过 {seconds} 秒仍未完成，已停止。",
        "请检查网络和远程仓库的地址（git remote -v），稍后再试；本次没有改动任何提交。",
    ),
    "merge-conflict": (
        "{file}：单位“{unit}”在任务“{task}”下，本地登记为 {ours}，对方登记为 {theirs}，无法自动合并。",
        "请运行 {abort} 取消这次合并，再运行 nengli sync，它会说明双方的登记、提交人和处理办法；"
        "或在文件中保留正确的一行，删除 <<<<<<<、=======、>>>>>>> 三行标记，再运行 git add 和 git commit。",
    ),
    "merge-fallback": (
        "nengli 按登记合并 {file} 时出了问题（{reason}），已改为按 git 的方式逐行合并。",
        "请用 git diff 核对这个文件的合并结果；有冲突标记时按标记处理。请把这段信息发给维护人员。",
    ),
    "git-unmerged": (
        "git 的{what}还没有完成：{files} 中还有冲突没有解决，文件中可能只有一方的内容，nengli 不读取这样的数据。",
        "要放弃这次{what}、回到之前的状态，运行 {abort}，然后运行 nengli sync；要自己解决，在文件中保留正确的内容、"
        "删去 <<<<<<<、=======、>>>>>>> 标记行，再运行 git add 文件名 和 git commit。",
    ),
    "placeholder": (
        "“{text}”是 nengli init 示例中的占位文字，会原样出现在通报、简报或催报消息中。",
        "请改成本单位的实际内容，或删除这一项。",
    ),
    "init-exists": (
        "“{path}”中已有活动数据（data/units.yaml），不会覆盖。",
        "请换一个空文件夹，或在这个文件夹中直接使用 nengli status、nengli record 等命令。",
    ),
    # --- sharing the repository (nengli sync) --------------------------------------------
    "sync-not-git": (
        "“{path}”不在 git 仓库中，无法同步。",
        "请在活动仓库的文件夹中运行；从同事处取得仓库用 git clone 仓库地址，新建活动用 nengli init。",
    ),
    "setup-not-git": (
        "“{path}”不在 git 仓库中，没有什么要设置的。",
        "请在用 git clone 取得的活动仓库中运行 nengli setup；新建活动用 nengli init。",
    ),
    "sync-no-remote": (
        "这个仓库没有设置远程仓库，无处同步。",
        "请向负责仓库的同事要仓库地址，运行 git remote add origin 仓库地址，再运行 nengli sync。",
    ),
    "sync-detached": (
        "仓库当前不在任何分支上（detached HEAD），无法同步。",
        "请先运行 git switch main（或本地主分支的名称）回到分支上；在这种状态下做过提交的，"
        "先运行 git branch 暂存 保存它们。本次没有改动任何内容。",
    ),
    "sync-in-progress": (
        "仓库中有一个尚未完成的{what}，nengli 不会在此基础上同步。",
        "运行 git status 查看是哪一步；如果不再需要，运行 git {abort} 取消，然后再运行 nengli sync。"
        "本次没有改动任何内容。",
    ),
    "sync-dirty-outside": (
        "data 文件夹以外有尚未提交的修改：{files}。",
        "nengli sync 只提交数据文件；请先提交（git commit）或暂存（git stash）这些修改，再运行 nengli sync。"
        "本次没有改动任何内容。",
    ),
    "sync-check-failed": (
        "数据有上述错误，没有提交，也没有同步。",
        "请按提示改正后再运行 nengli sync；本地和远程仓库都没有改动。",
    ),
    "sync-unreachable": (
        "无法连接远程仓库 {remote}（{url}）。git：{detail}",
        "请检查网络是否连通、地址是否正确（git remote -v）；仓库搬到了新地址时，运行 "
        "git remote set-url {remote} 新地址。本地的提交都还在，连通后再运行 nengli sync。",
    ),
    "sync-auth": (
        "远程仓库 {remote}（{url}）拒绝登录。git：{detail}",
        "请检查用户名和密码（或访问令牌、SSH 密钥）：在命令行中运行 git fetch {remote}，按提示登录后，"
        "再运行 nengli sync。本地的提交都还在。",
    ),
    "sync-push-refused": (
        "远程仓库 {remote} 不接受推送到分支 {branch}。git：{detail}",
        "这个分支可能受保护或需要审核；请联系负责仓库的同事。本地的提交都还在。",
    ),
    "sync-push-raced": (
        "同步期间同事一再推送新的提交，试了 {attempts} 次仍未能推送到 {remote}。",
        "请稍后再运行 nengli sync；已合并的内容都在本地，不会丢失。",
    ),
    "sync-unrelated": (
        "本地仓库与远程仓库 {remote} 没有共同的历史，不能合并。",
        "远程仓库可能被重建过，或地址填错了（git remote -v 查看）；请联系负责仓库的同事。本地的提交都还在。",
    ),
    "sync-conflict": (
        "单位“{unit}”的“{task}”两边登记不同：本机为 {ours}，由 {ours_by}；同事的为 {theirs}，由 {theirs_by}。",
        "请与同事核实。以同事的为准：运行 {take_theirs}，再运行 nengli sync。以本机的为准：先做前面两步，"
        "再运行 {take_ours}，然后 nengli sync。本次没有合并，本地分支和提交保持原样。",
    ),
    "sync-roster-conflict": (
        "名册中单位“{unit}”{what}两边改得不同：本机为 {ours}，由 {ours_by}；同事的为 {theirs}，由 {theirs_by}。",
        "请与同事核实。以同事的为准：{take_theirs}，再运行 nengli sync。以本机的为准：先做前面两步，"
        "再{take_ours}，然后运行 nengli sync。本次没有合并，本地分支和提交保持原样。",
    ),
    "sync-text-conflict": (
        "本机和同事都修改了 {file} 中的同一处文字（不是登记），无法自动合并。",
        "运行 git diff HEAD...{theirs} -- {file} 查看同事的修改，与同事商定后，把本机的这处改成与同事的一致，"
        "提交后再运行 nengli sync。本次没有合并，本地分支和提交保持原样。",
    ),
    "sync-duban-conflict": (
        "{file}：督办编号 {number} 两边不一致（{why}），无法自动合并。",
        "请与同事核实这件事。两边是不同的事项时，多半是两人用了同一个编号段：在 data/campaign.yaml 的 duban.series 中"
        "给每人不同的编号段，并把其中一件改用新编号；运行 git diff HEAD...{theirs} -- {file} 查看同事的记录，"
        "把本机的记录改成商定的样子，提交后再运行 nengli sync。本次没有合并，本地分支和提交保持原样。",
    ),
    "sync-merged-invalid": (
        "与同事的登记合并后，数据会出现上述错误，因此没有合并，也没有推送。",
        "请与同事核实后改正（改正后运行 nengli sync）；本地分支和提交保持原样。",
    ),
    "sync-removed": (
        "（已删除）",
        "",
    ),
    "sync-remove-line": (
        "在 {file} 中删除“{unit}”的那一行",
        "",
    ),
    "sync-uncommitted": (
        "本机尚未提交的修改",
        "",
    ),
    # --- command options -----------------------------------------------------------------
    "no-phase": (
        "没有第 {value} 阶段{known}。",
        "请用 --phase 指定已有的阶段编号。",
    ),
    "bad-option-date": (
        "选项 {option} 的日期“{value}”无效{why}。",
        "请写成 年-月-日，例如 {example}。",
    ),
    # --- Word documents and the 简报 ------------------------------------------------------
    "bad-option-exempt": (
        "选项 --exempt 要写明免报原因，这里却是{got}。",
        "例如：nengli record lists 办公室 --exempt 经批准暂缓；不免报的单位不要用 --exempt。",
    ),
    "docx-need-out": (
        "生成 {kind} 文件（--format {format}）时必须用 --out 指定文件名。",
        "例如：{example}",
    ),
    "format-mismatch": (
        "--format {format} 与输出文件“{out}”的扩展名“{suffix}”不一致。",
        "去掉 --format（将按扩展名输出 {inferred}），或把文件名的扩展名改成“.{format}”。",
    ),
    "format-for-ext": (
        "nengli {command} 不能生成扩展名为“{suffix}”的文件{older}。",
        "可用的格式：{known}；输出文件的扩展名写成其中之一，例如 {example}。",
    ),
    "pdf-no-converter": (
        "生成 PDF 需要 LibreOffice，本机没有找到（查找了 PATH 中的 soffice、libreoffice，以及 {places}）。",
        "可以先生成 Word 文件：{example}，用 WPS 打开后点“文件 → 输出为PDF”（Word：“文件 → 另存为”，"
        "保存类型选“PDF”）；或者安装 LibreOffice（信创系统可在应用商店中安装），装好后再运行原来的命令。",
    ),
    "pdf-failed": (
        "无法把 Word 文件转换为 PDF：{reason}。",
        "请关闭正在转换的 LibreOffice 窗口后再试；仍不成功时，先生成 Word 文件：{example}，"
        "用 WPS 打开后点“文件 → 输出为PDF”（Word：“文件 → 另存为”，保存类型选“PDF”）。",
    ),
    "body-missing": (
        "找不到简报正文文件“{path}”。",
        "请检查 --body 给出的路径；正文是用记事本编写、以 UTF-8 编码保存的 Markdown 文本，写法见 README“简报”一节。",
    ),
    # --- daily work: warning levels, filters, export, roster import -----------------------
    "letterhead-number": (
        "发文字号“{value}”的写法不对：{why}。",
        "GB/T 9704 的写法是“机关代字〔年份〕序号号”，例如：number: {fixed}（六角括号“〔〕”可用输入法的符号表输入，或从这里复制）。",
    ),
    "letterhead-mark-long": (
        "发文机关标志“{mark}”有 {count} 个字，版头的一行放不下（最多 {most} 个字）。",
        "请用发文机关的规范化简称，例如“××市教育局办公室”；不要版头时删去 letterhead 一节。",
    ),
    "bad-warn-days": (
        "warn_days“{value}”不是有效的天数，已按默认的 {default} 天计算。",
        "warn_days 写成不小于 0 的整数，例如 warn_days: 3（截止日期前 3 天起标为黄色）。",
    ),
    "earlier-overdue": (
        "{phase}（第 {number} 阶段）仍有 {units} 个单位逾期未报（{tasks} 项任务）。",
        "查看并催报：nengli remind --phase {number}；完成情况：nengli status --phase {number}",
    ),
    "no-command": (
        "没有命令“{name}”{suggest}",
        "运行 nengli --help 查看全部命令。",
    ),
    "no-group": (
        "名册中没有第 {value} 督导组{known}。",
        "请用 --group 指定名册中已有的督导组编号。",
    ),
    "no-category": (
        "没有类别“{value}”{known}。",
        "请用 --category 指定 units.yaml 中的类别代号或名称。",
    ),
    "board-need-out": (
        "生成看板时必须用 --out 指定网页文件名。",
        "例如：nengli board --phase 1 --out 看板.html",
    ),
    "board-need-file": (
        "生成看板时必须用 --out 指定文件名：网页（.html）或图片（.png）。",
        "例如：nengli board --phase 1 --out 看板.html，或 nengli board --phase 1 --out 要情.png",
    ),
    "no-cjk-font": (
        "生成图片需要中文字体，本机没有找到（查找了：{places}）。",
        "用 --font 指定一个中文字体文件，例如 --font C:\\Windows\\Fonts\\msyh.ttc（微软雅黑），"
        "或在 data/campaign.yaml 中写 font: 字体文件的路径；Linux、统信 UOS、麒麟可以安装 Noto CJK、思源黑体或"
        "文泉驿字体（如 apt install fonts-noto-cjk），装好后再运行原来的命令。",
    ),
    "font-missing": (
        "找不到字体文件“{value}”（也查找了字体文件夹：{places}）。",
        "写字体文件的完整路径（如 C:\\Windows\\Fonts\\msyh.ttc、/usr/share/fonts/wqy-microhei.ttc），"
        "或字体文件夹中的文件名（如 msyh.ttc）；字体文件的扩展名是 .ttf、.ttc 或 .otf。",
    ),
    "font-not-cjk": (
        "字体“{path}”{why}，不能用来画中文。",
        "请换一个中文字体：Windows 的 msyh.ttc（微软雅黑）、simhei.ttf（黑体），Linux 的 Noto Sans CJK、"
        "思源黑体、文泉驿微米黑；不写 --font 和 font: 时 nengli 自己查找。",
    ),
    "image-markup": (
        "图片模板的内容无法绘制：{what}（生成的内容第 {line} 行：{content}）。",
        "请检查 {template} 中生成这一行的地方；可用的标记见模板开头的说明。",
    ),
    "need-out": (
        "导出 {format} 文件时必须用 --out 指定文件名。",
        "例如：nengli export --phase 1 --format xlsx --out 台账.xlsx",
    ),
    "write-failed": (
        "无法写入文件“{path}”：{reason}。",
        "请检查该文件是否正在 Excel、WPS 或其他程序中打开，或被设为只读；关闭后再运行。"
        "写入失败时原文件保持不变。",
    ),
    "write-no-folder": (
        "无法写入文件“{path}”：文件夹“{folder}”不存在。",
        "请检查路径是否写错，或先建立这个文件夹再运行。",
    ),
    "sheet-type": (
        "不支持的名册表文件类型“{suffix}”。",
        "请使用 .xlsx 或 .csv 文件；.xls 文件请先在 Excel 或 WPS 中另存为“Excel 工作簿（*.xlsx）”。",
    ),
    "sheet-missing": (
        "找不到名册表文件“{name}”。",
        "请检查文件名和所在的文件夹；文件不在当前文件夹时请写出完整路径，例如 D:\\名册\\单位名册.xlsx。",
    ),
    "sheet-unreadable": (
        "无法读取名册表：{reason}。",
        "请确认文件没有损坏、没有加密，并且不是正在被其他程序独占打开。",
    ),
    "sheet-no-sheet": (
        "工作簿中没有名为“{name}”的工作表{known}。",
        "请用 --sheet 指定名册所在的工作表名称。",
    ),
    "sheet-no-id": (
        "名册表第一行中没有“单位简称”列。",
        "第一行应为列名，例如：单位简称、单位全称、类别、督导组、联系人、电话；单位简称一列必须有。",
    ),
    "sheet-column": (
        "不认识的列名“{name}”，这一列不会导入。",
        "可以识别的列名：{known}。",
    ),
    "sheet-dup-column": (
        "列“{name}”与第 {first} 列表示同一项内容。",
        "请删除或改名其中一列；nengli 只读取第一列。",
    ),
    "sheet-empty-id": (
        "第{row}行有内容，但单位简称是空的，这一行没有导入。",
        "请补上单位简称，或删除这一行。",
    ),
    "sheet-dup-id": (
        "单位简称“{unit}”在名册表中重复（第一次在第{first}行），这一行没有导入。",
        "每个单位只写一行；如果是两个不同的单位，请给其中一个换个简称。",
    ),
    "sheet-no-category": (
        "单位“{unit}”没有填写类别，这一行没有导入。",
        "新单位必须写明类别，可用的类别：{known}。",
    ),
    "sheet-no-rows": (
        "名册表中没有任何单位。",
        "请检查是否选对了文件和工作表（--sheet）。",
    ),
    "replace-registered": (
        "单位“{unit}”在这里有登记，名册表中却没有它：--replace 不会删除有登记的单位。",
        "把该单位加回名册表（顺序随意），或先删除它在各阶段中的登记，再运行 nengli import-units --replace。",
    ),
    "import-flow-units": (
        "units.yaml 中的 units 写成了一行的方括号列表，import-units 无法只改动其中的单位。",
        "请把 units 改成每个单位一项、以“- ”开头的写法（见 README 数据格式），再导入。",
    ),
    "sheet-kept": (
        "units.yaml 中有 {count} 个单位名册表中没有（{units}）；都已保留，没有删除。",
        "名册表只写新增或修改的单位时，这是正常的。如果有单位确已撤销，请在 units.yaml 中手工删除它，"
        "并先处理各阶段中对它的登记；要以名册表为准（删除表中没有的单位），加 --replace。",
    ),
    # --- nengli rollup: a city over its districts ----------------------------------------------
    "rollup-none": (
        "没有 {path}：这个活动仓库还没有列出要汇总的区县。",
        "在 data 文件夹中新建 rollup.yaml，写明各区县的代码、名称和数据来源（格式见 README“全市汇总”一节），"
        "再运行 nengli rollup fetch。",
    ),
    "rollup-not-git": (
        "“{path}”不在 git 仓库中：全市汇总要从各区县的 git 数据中读取。",
        "请在 nengli init 新建的活动仓库中使用 nengli rollup。",
    ),
    "rollup-no-districts": (
        "rollup.yaml 的 districts 中没有任何区县。",
        "每个区县写一项，例如：- {{code: \"410102\", name: 鼓楼区, source: bundle}}。",
    ),
    "rollup-bad-code": (
        "区县代码“{value}”只能由数字、英文字母、“-”和“_”组成（不超过 40 个字符）。",
        "一般写行政区划代码，例如 code: \"410102\"。",
    ),
    "rollup-dup": (
        "{what}“{value}”重复（第一次在第{first}行）。",
        "每个区县的代码和名称都必须唯一；请删除重复的一项，或改正其中一个。",
    ),
    "rollup-bad-name": (
        "区县名称“{value}”中有“{char}”，名称中不能有这个字符。",
        "名称会用作数据包的文件名和“鼓楼区·24中”这样的单位名称，请只写区县的名称，例如 name: 鼓楼区。",
    ),
    "rollup-bad-source": (
        "{what}“{value}”的写法不对：不能以“-”开头，分支名中不能有空格。",
        "source 写区县活动仓库的路径或地址（如 //10.1.1.5/鼓楼区/活动），收数据包的写 bundle，本仓库自己的单位写“.”；"
        "branch 写分支名，如 main。",
    ),
    "rollup-bad-path": (
        "数据文件夹“{value}”要写成仓库中的相对路径，如 data。",
        "不要写盘符、“..”或以“-”开头；活动仓库由 nengli init 新建时，数据文件夹就是 data（可以不写 path）。",
    ),
    "rollup-lock-value": (
        "rollup.lock 中的{what}“{value}”不对。",
        "rollup.lock 由 nengli rollup fetch 写入，请不要手工修改：可以用 git checkout -- data/rollup.lock 恢复，"
        "或重新运行 nengli rollup fetch。",
    ),
    "rollup-format": (
        "{label}的{what}是第 {found} 版，这台电脑上的 nengli 只能读到第 {known} 版。",
        "请把这台电脑上的 nengli 升级到与{label}相同或更新的版本，再运行 nengli rollup check；"
        "在此之前{label}的数据不计入汇总。",
    ),
    "rollup-bundle-unreadable": (
        "无法读取数据包“{name}”：{reason}。",
        "请检查文件是否完整复制、是否被其他程序占用；必要时请对方重新发送。",
    ),
    "rollup-bundle-bad": (
        "数据包“{name}”没有通过校验：{reason}。没有读取其中的任何数据。",
        "数据包可能在拷贝或传送中损坏，或被改动过：请对方重新运行 nengli rollup export，把新生成的数据包再发送一次；"
        "校验不通过的文件请删除或移出数据包文件夹。",
    ),
    "rollup-bundle-branch": (
        "数据包“{name}”中没有分支“{branch}”（其中的分支：{known}）。",
        "请改正 rollup.yaml 中该区县的 branch，或删去 branch（使用数据包的当前分支）。",
    ),
    "rollup-bundle-nobody": (
        "数据包“{name}”不属于 rollup.yaml 中收数据包的任何区县，没有读取。",
        "数据包的文件名以区县名称或代码开头（如 鼓楼区-20220124.bundle）；收数据包的区县：{known}。"
        "请按区县名称改正文件名，或在 rollup.yaml 中把该区县的 source 写成 bundle。",
    ),
    "rollup-no-bundle-folder": (
        "数据包文件夹“{path}”不存在，本次没有读取任何数据包。",
        "请新建这个文件夹，把各区县发来的数据包（*.bundle）放进去；也可以用 --from 指定数据包所在的文件夹，"
        "或在 rollup.yaml 中写 bundles: 文件夹。",
    ),
    "rollup-fetch-failed": (
        "无法取回“{address}”的数据：{detail}",
        "请确认路径或地址正确、网络和共享文件夹可以访问；该区县仍用上一次的数据。",
    ),
    "rollup-older": (
        "{label}这次的数据（版本 {commit}）比已汇总的版本 {pinned} 还旧，没有采用。",
        "可能是数据包文件夹里留着旧的数据包：请删去旧的，保留最新的；已汇总的数据不变。",
    ),
    "rollup-no-folder": (
        "{label}的版本 {commit} 中没有数据文件夹“{path}”。",
        "请确认 rollup.yaml 中该区县的 source 指向的是它的活动仓库；数据文件夹不是 data 时，用 path 写明。",
    ),
    "rollup-no-commit": (
        "本仓库中没有{label}的版本 {commit}（rollup.lock 记录的版本）。",
        "这个克隆还没有取回各区县的数据：运行 nengli rollup fetch，它先从同事共用的远程仓库取回各区县的数据"
        "（取回数据包的同事运行 nengli rollup fetch 时已推送上去）；没有远程仓库时，把各区县的数据包放入数据包文件夹再运行。"
        "如果{label}本身是汇总仓库，请它用 nengli rollup export 重新生成数据包（数据包中带有它所汇总的各区县的数据）。",
    ),
    "rollup-share-failed": (
        "没能与远程仓库“{remote}”交换各区县的数据：{detail}",
        "本机的汇总不受影响；同事的克隆要得到同样的数据，请在能连上远程仓库时再运行一次 nengli rollup fetch。",
    ),
    "rollup-identity": (
        "{label}（代码 {dcode}）的数据中，campaign.yaml 写明这是{other}的活动数据。",
        "可能是数据包改错了名字或发错了文件，或 rollup.yaml 中该区县的来源写错了；这份数据没有计入。"
        "请核对后改正文件名或 rollup.yaml。",
    ),
    "rollup-missing": (
        "{label}（代码 {dcode}）还没有报送数据{reach}。",
        "请{label}运行 nengli rollup export，把数据包发来；收到后放入“{folder}”文件夹，再运行 nengli rollup fetch。",
    ),
    "rollup-missing-repo": (
        "还没有取回{label}（代码 {dcode}）的数据{reach}。",
        "确认{label}的仓库“{address}”可以访问后，运行 nengli rollup fetch。",
    ),
    "rollup-missing-own": (
        "{label}（本仓库自己的单位）还没有计入汇总。",
        "运行 nengli rollup fetch。",
    ),
    "rollup-invalid": (
        "{label}的数据（版本 {commit}）有 {errors} 个错误，本次没有计入汇总。",
        "错误的位置和改法见 nengli rollup check；请{label}改正后重新报送。",
    ),
    "rollup-stale": (
        "{label}的数据截至 {when}（版本 {commit}），{why}。",
        "请{label}报送最新的数据；在此之前汇总仍用这一版本。",
    ),
    "rollup-claimed-twice": (
        "单位“{name}”同时在{other}（版本 {other_commit}，简称“{other_id}”，{other_where}）和{label}（版本 {commit}，简称“{id}”）的名册中，汇总时计算了两次。",
        "一个单位只能由一个区县报送：请两区县核实，由不该列入的一方从名册中删除；如果是两个不同的单位，请在名册中写上各自的全称（name）。",
    ),
    "rollup-diff-category": (
        "{label}（版本 {commit}）的类别“{key}”（{name}）市里没有，这一类的 {count} 个单位不计入汇总。",
        "市里的类别：{known}。请{label}在 units.yaml 中改用市里的类别代号。",
    ),
    "rollup-diff-no-phase": (
        "{label}（版本 {commit}）没有{phase}（phase: {number}）的阶段文件，这一阶段的任务都按未报统计。",
        "请{label}按市里的阶段文件补上这一阶段。",
    ),
    "rollup-diff-no-task": (
        "{label}（版本 {commit}）的{phase}中没有任务“{task}”（{id}），该任务都按未报统计。",
        "请{label}按市里的阶段文件补上这项任务（任务 id 要一致）。",
    ),
    "rollup-diff-due": (
        "{label}（版本 {commit}）把任务“{task}”的截止日期定为 {theirs}，市里为 {ours}；汇总按市里的截止日期计算。",
        "请{label}核实；截止日期以市里的为准。",
    ),
    "rollup-diff-applies": (
        "{label}（版本 {commit}）的任务“{task}”适用于{theirs}，市里为{ours}；汇总按市里的范围计算。",
        "请{label}核实任务的 applies_to；范围以市里的为准。",
    ),
    "rollup-diff-title": (
        "{label}（版本 {commit}）把任务 {id} 称为“{theirs}”，市里为“{ours}”；汇总用市里的名称。",
        "同一任务的名称宜与市里一致。",
    ),
    "rollup-diff-extra-task": (
        "{label}（版本 {commit}）的{phase}中有市里没有的任务“{task}”（{id}），不计入汇总。",
        "这是{label}自己的任务时不必改动；如果是市里任务的另一个 id，请改成市里的任务 id。",
    ),
    "rollup-diff-extra-phase": (
        "{label}（版本 {commit}）的{phase}（phase: {number}）市里没有，不计入汇总。",
        "这是{label}自己安排的阶段时不必改动；否则请核对阶段编号。",
    ),
    "rollup-own-newer": (
        "{label}（本仓库的单位）在汇总所用的版本 {commit} 之后又有提交（最新为 {tip}），新的登记还没有计入。",
        "运行 nengli rollup fetch 计入本仓库最新的数据。",
    ),
    "rollup-own-no-commit": (
        "{label}是本仓库自己的单位，但本仓库的“{branch}”还没有任何提交。",
        "请先提交数据（nengli record --commit 或 git commit），再运行 nengli rollup fetch。",
    ),
    "rollup-own-dirty": (
        "本仓库的数据有未提交的修改，{label}计入的是最后一次提交（版本 {commit}）的数据。",
        "请先提交这些修改（git add data && git commit），再运行 nengli rollup fetch。",
    ),
    "rollup-export-not-git": (
        "“{path}”不在 git 仓库中，无法生成数据包。",
        "数据包是活动仓库的 git 历史：请在 nengli init 新建的活动仓库中运行 nengli rollup export。",
    ),
    "rollup-export-no-commit": (
        "活动仓库还没有任何提交，无法生成数据包。",
        "请先提交数据（git add data && git commit -m 数据），再运行 nengli rollup export。",
    ),
    "rollup-export-dirty": (
        "“{path}”中有尚未提交的修改：数据包只含已提交的数据，这些修改不会报送上去。",
        "请先提交（nengli sync，或 git add data && git commit -m 更新数据），再运行 nengli rollup export。"
        "本次没有生成数据包。",
    ),
    "rollup-export-invalid": (
        "已提交的数据（版本 {commit}）有下列错误，没有生成数据包：",
        "请改正后提交，再运行 nengli rollup export。",
    ),
    "rollup-export-no-folder": (
        "提交中没有数据文件夹“{path}”。",
        "请确认数据文件夹已经提交（git add data && git commit）。",
    ),
    "rollup-export-no-name": (
        "不知道本单位在汇总中的名称：数据包以它命名（如 鼓楼区-20220124.bundle）。",
        "请用 --name 写明，例如 nengli rollup export --name 鼓楼区；或在 data/campaign.yaml 中写 "
        "rollup: {{code: \"410102\", name: 鼓楼区}}（与市里 rollup.yaml 中的代码、名称相同），以后不必再写。",
    ),
    "rollup-export-bad-name": (
        "名称“{value}”中有“{char}”，不能用作数据包的文件名。",
        "请只写区县的名称，例如 --name 鼓楼区。",
    ),
    # --- 督办 (nengli duban) and scores (nengli rank) ------------------------------------
    "holiday-range": (
        "{what}“{value}”不是日期，也不是“日期 至 日期”的一段假期（结束不早于开始、不超过 60 天）。",
        "一天写成 2022-04-05，一段假期写成 2022-01-31 至 2022-02-06。",
    ),
    "duban-level": (
        "没有督办等级“{value}”{suggest}。",
        "督办的等级依次为：催办、督办、挂牌督办（提醒即临近截止的黄色预警，不发通知单）。",
    ),
    "duban-days": (
        "“{grade}”的办理时限 {value} 个工作日不在 1 到 {most} 之间。",
        "写发出通知单后第几个工作日为办理时限，例如 {grade}: 5。",
    ),
    "duban-series": (
        "“{name}”的编号段“{value}”不能为空，也不能含空格或“〔〕第号”。",
        "编号段写一个简短的数字或字，例如 {name}: 1，编号即为〔2022〕督办第1-001号。",
    ),
    "duban-series-dup": (
        "编号段“{value}”已分给“{other}”（第{line}行）：两位同事用同一段会编出相同的编号。",
        "每位发单的同事用不同的编号段，例如 张三: 1、李四: 2。",
    ),
    "scoring-number": (
        "scoring 中 {key} 的分值“{value}”不是不小于 0 的数。",
        "写阿拉伯数字，可以有小数，例如 {key}: 10 或 {key}: 0.5。",
    ),
    "scoring-flag": (
        "scoring 中 attach 应当写 true 或 false，这里却是{got}。",
        "通报附上评分细则写 attach: true，不附写 attach: false。",
    ),
    "duban-step-kind": (
        "督办记录的一行应当写明是哪件事：level（发出通知单）、extend（延期）、close（销号）三者之一，这里{got}。",
        "例如：- {{date: 2022-01-21, level: 催办, until: 2022-01-28}}；一行只写一件事。",
    ),
    "duban-after-close": (
        "{number}已于 {closed} 销号，之后不能再有记录。",
        "销号后如需重新督办，请用 nengli duban issue 另起一个编号；或删除这一行。",
    ),
    "duban-step-order": (
        "这一行的日期 {date} 早于上一行的 {before}：督办记录应按日期先后排列。",
        "请检查日期是否写错，或把这一行移到相应的位置。",
    ),
    "duban-unknown-phase": (
        "没有第 {value} 阶段（已有：{known}）。",
        "phase 写督办事项所属任务的阶段编号。",
    ),
    "duban-unknown-task": (
        "第 {phase} 阶段没有任务“{value}”{suggest}。",
        "task 写任务 id。第 {phase} 阶段的任务：{known}。",
    ),
    "duban-not-applicable": (
        "督办事项 {number} 的单位“{unit}”不需要报送“{task}”（不在任务的 applies_to 或阶段的 scope 中）。",
        "请核对单位和任务是否写对；这件事不计入督办的统计和考核扣分。",
    ),
    "duban-future": (
        "督办记录的日期 {value} 晚于统计日期 {as_of}，统计时不计入。",
        "如果日期写错了请改正；如果是预先写入的，可以忽略此提示。",
    ),
    "duban-two-items": (
        "单位“{unit}”的“{task}”有两个未销号的督办编号：{number} 和 {other}（第{line}行）。",
        "一件一号：两位同事各自发了通知单时，保留一个编号，另一个用 nengli duban close 编号 --evidence \"与某号重复\" 销号。",
    ),
    "duban-flow": (
        "{what}写在一行的花括号里，nengli 无法在其中添加督办记录。",
        "请改成每个督办事项一段、log 中每行一条记录的写法（见 README“督办”一节）后再运行；本次没有修改任何文件。",
    ),
    "duban-before-invalid": (
        "数据中已有下列错误，先改正后才能办理督办。",
        "运行 nengli check 查看全部问题；本次没有修改任何文件。",
    ),
    "duban-invalid": (
        "这次督办记录会使 duban.yaml 出现上述错误，因此没有写入，文件未修改。",
        "请检查 duban.yaml 是否被手工改成了 nengli 无法添加记录的写法。",
    ),
    "duban-one-unit": (
        "一份通知单只发给一个单位，这里写了“{value}”（{units}）。",
        "请每个单位分别运行一次 nengli duban issue。",
    ),
    "duban-remind": (
        "提醒是截止日期前的电话提醒，不发通知单。",
        "提醒名单用 nengli remind 生成；通知单的等级为：{known}。",
    ),
    "duban-no-level": (
        "没有督办等级“{value}”。",
        "--level 写 {known} 之一。",
    ),
    "duban-future-date": (
        "日期 {value} 晚于今天（{today}）。",
        "--date 写实际发出、申请或销号的日期，不能预先写以后的日期。",
    ),
    "duban-not-asked": (
        "单位“{unit}”不需要报送“{task}”（不在任务的 applies_to 或阶段的 scope 中），不能对它督办。",
        "请核对单位和任务是否写对。",
    ),
    "duban-done": (
        "单位“{unit}”的“{task}”{what}，不需要再发通知单。",
        "{close}",
    ),
    "duban-not-overdue": (
        "单位“{unit}”的“{task}”截止日期为{due}，还没有逾期，不能发通知单。",
        "截止日期前请电话提醒（nengli remind）；逾期仍未报送的，{start}起可以发催办通知单。",
    ),
    "duban-not-due": (
        "单位“{unit}”的“{task}”{why}，还不到发{level_next}通知单的时候。",
        "期满仍未办结的，{start}起可以发{level_next}通知单；确需提前或越级督办的，加 --level 写明等级，并用 --reason 写明依据（如领导批示）。",
    ),
    "duban-top": (
        "单位“{unit}”的“{task}”已于{date}{level_now}（{number}），这是最高一级。",
        "仍未办结的，请按规定约谈或通报；确需再发一次的，加 --level {level_now} --reason 依据。",
    ),
    "duban-closed": (
        "{closed}，不能再办理。",
        "如需重新督办，请用 nengli duban issue 单位 任务 另起一个编号（须已逾期且仍未报送）。",
    ),
    "duban-no-series": (
        "data/campaign.yaml 的编号段 duban.series 中没有“{name}”（本机 git 的 user.name），无法编号。",
        "请在 series 中为“{name}”加一个与其他同事不同的编号段（已有：{known}），提交并同步后再发通知单；"
        "这样几位同事在各自的电脑上发单，编号也不会重复。本次没有修改任何文件。",
    ),
    "duban-series-needed": (
        "这个仓库与同事共用（设有远程仓库），而 data/campaign.yaml 没有设置编号段，几位同事同一天发单会编出相同的编号。",
        "请在 data/campaign.yaml 中为每位发单的同事设一个编号段，例如：duban: {{series: {{{name}: 1, 李四: 2}}}}"
        "（键是各人 git 的 user.name），提交并同步后再发通知单。本次没有修改任何文件。",
    ),
    "duban-no-number": (
        "没有督办编号“{value}”。",
        "写完整的编号，或其中的数字（如 017、1-017）。未销号的事项：{known}。",
    ),
    "duban-number-ambiguous": (
        "“{value}”可以是几个编号：{numbers}。",
        "请写完整的编号，或带上编号段和年份（如 1-017、2022-1-017）。",
    ),
    "duban-before-opened": (
        "{number}是{first}才立的，{day}还没有这个事项。",
        "请检查 --date 是否写错。",
    ),
    "duban-extend-late": (
        "{number}的办理时限{deadline}已过（今天是{day}）：延期须在办理时限届满前申请。",
        "逾期未办结的按阶梯继续督办（nengli duban list）；确有特殊情况，请报领导同意后另行处理。",
    ),
    "duban-extend-earlier": (
        "延期后的期限{until}不晚于现在的办理时限{deadline}。",
        "--until 写申请延期到的日期，应晚于{deadline}。",
    ),
    "duban-extend-reason": (
        "延期须写明理由。",
        "例如：--reason \"材料需经党委会审定\"。",
    ),
    "duban-done-extend": (
        "单位“{unit}”的“{task}”已经报送，{number}不需要延期。",
        "请核实后销号：nengli duban close {number} --evidence 报送的材料。",
    ),
    "duban-extend-refs": (
        "延期写一个督办编号，或“单位 任务”两项，这里写了“{value}”。",
        "例如：nengli duban extend 1-001 --until 2022-02-10 --reason 理由，或 nengli duban extend 24中 cases --until …",
    ),
    "duban-done-no-extend": (
        "单位“{unit}”的“{task}”已经报送或免报，不需要延期。",
        "请用 nengli unit {unit} 核对该单位的登记。",
    ),
    "duban-evidence": (
        "销号须有依据（--evidence）：整改落实的材料文件，或一句说明。",
        "例如：--evidence 材料/第1阶段/创新案例、改革案例/24中-案例.docx，或 --evidence \"已报送，经核实符合要求\"。",
    ),
    "duban-evidence-missing": (
        "销号依据“{value}”像是一个文件，但找不到它。",
        "请写对文件的路径（从活动文件夹算起，或完整路径）；依据是一句说明时，请写成句子，例如 \"已报送，经核实符合要求\"。",
    ),
    "duban-close-early": (
        "销号日期{day}早于这个事项的最后一条记录（{last}）。",
        "请检查 --date 是否写错。",
    ),
    "duban-close-open": (
        "单位“{unit}”的“{task}”还没有报送，{number}不能销号：销号要以整改落实为依据。",
        "报送后先登记（nengli record {task_id} {unit} --date 报送日期），再销号；确经领导同意不再督办的，加 --force。",
    ),
    "rank-no-scoring": (
        "data/campaign.yaml 中没有考核评分表（scoring），rank --why 无从列出扣分。",
        "在 data/campaign.yaml 中写评分表，例如 scoring: {{start: 100, missing: 10, per_day: 1}}（见 README“考核评分”）；"
        "没有评分表时，nengli rank 按按时率和逾期天数排名。",
    ),
    "rank-not-ranked": (
        "单位“{unit}”在{phase}没有需要报送的任务，不参加排名。",
        "请用 --phase 指定该单位有任务的阶段。",
    ),
    # --- nengli doctor: a check that failed (git, identity, repository, remote: the codes above) --
    "doctor-git-old": (
        "git 的版本是 {version}，太旧：nengli 需要 git {needed} 或更新的版本。",
        "请安装新版的 Git（Windows：Git for Windows；统信 UOS、麒麟：sudo apt install git，或向系统供应商要更新的版本）。",
    ),
    "doctor-data-errors": (
        "数据有 {errors} 个错误，第一个：{first}",
        "运行 nengli check 查看每个错误的位置和改法；改正后再运行 nengli doctor。",
    ),
    "doctor-driver-unregistered": (
        "这个克隆中没有登记 nengli 的合并程序：同事同时登记时，git pull 会在数据文件中留下冲突标记。",
        "在活动文件夹中运行一次 nengli setup（record、intake、sync 等写数据的命令也会顺带登记）。",
    ),
    "doctor-driver-attributes": (
        "数据文件“{file}”没有交给 nengli 的合并程序（git check-attr 显示 merge: {value}）。",
        "在活动文件夹中运行一次 nengli setup，nengli 会在 .git/info/attributes 中写上；"
        "仍不行时，检查 .gitattributes 中是否有一行把它改成了别的合并方式。",
    ),
    "doctor-driver-failed": (
        "登记的合并程序没有按登记合并（试合并两位同事各自新增的单位时{outcome}）{said}",
        "在活动文件夹中运行一次 nengli setup，登记本机现在的 nengli（nengli 移动或重新安装过时就会这样）；"
        "仍不行时，把这一行发给维护人员。",
    ),
    "doctor-fonts": (
        "缺少 {missing}。Word 和 WPS 会用别的字体显示和打印督导通报，不合公文格式。",
        "请安装这些字体（单位的字体库、WPS 或方正字库的安装包中都有；Windows：右键字体文件 →“安装”），"
        "或在 data/campaign.yaml 的 fonts: 中改用本机已有的字体，例如 body: 仿宋。",
    ),
    "doctor-console": (
        "控制台编码是 {encoding}，不能显示中文：nengli 的输出会变成问号。",
        "Windows：在命令行窗口中先运行 chcp 936（或 chcp 65001）；或设置环境变量 PYTHONUTF8=1。"
        "Linux：使用中文（UTF-8）的区域设置，例如 export LANG=zh_CN.UTF-8。",
    ),
    "doctor-file-names": (
        "文件名按 {encoding} 编码（系统的区域设置不是 UTF-8）：git、nengli 写的 .gitignore 和同事的电脑都按 UTF-8 "
        "读中文文件名，会对不上（例如 nengli init 提交失败、材料文件夹被提交进仓库）。",
        "请改用 UTF-8 的区域设置：在 ~/.bashrc 末尾加一行 export LANG=zh_CN.UTF-8，重新登录；"
        "或设置环境变量 PYTHONUTF8=1。",
    ),
    "doctor-materials": (
        "无法在材料文件夹“{path}”中写入文件：{reason}。nengli intake 不能归档收到的材料。",
        "请检查这个文件夹的权限、磁盘空间，共享盘是否已连接；或在 data/campaign.yaml 中把 materials 改为"
        "一个可以写入的文件夹，例如 materials: D:/督导材料。",
    ),
    "doctor-long-paths": (
        "Windows 没有开启长路径支持：材料的路径超过 260 个字符时（材料文件夹较深、任务名称和文件名较长），"
        "nengli intake 不能归档。",
        "请 IT 人员以管理员身份运行 PowerShell，输入：New-ItemProperty -Path "
        "'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\FileSystem' -Name LongPathsEnabled -Value 1 "
        "-PropertyType DWORD -Force（或在组策略中启用“计算机配置 → 管理模板 → 系统 → 文件系统 → "
        "启用 Win32 长路径”），然后重新登录。",
    ),
}


#: A real example of each problem — what the person wrote or typed — for docs/errors.md.
#: Every code in MESSAGES needs one (tests/test_errors.py checks it).
#: messages that head a list of other problems ("数据中已有下列错误"): printed, not counted
HEADINGS = frozenset({"record-before-invalid", "record-invalid", "rollup-export-invalid",
                      "duban-before-invalid", "duban-invalid"})
#: messages that sum up the problems above them ("数据有上述错误"): printed after them, not counted
SUMMARIES = frozenset({"sync-check-failed", "sync-merged-invalid"})

EXAMPLES: dict[str, str] = {
    "no-data": "在没有 `data/units.yaml` 的文件夹中运行 `nengli status`",
    "data-not-dir": "`nengli check --data D:\\活动\\数据`（文件夹不存在）",
    "missing-file": "`nengli check --data data`，而 data 中没有 `units.yaml`",
    "phase-not-read": "记事本把 `phase4.yaml` 存成了 `phase4.yaml.txt`",
    "no-phases": "`data/phases/` 是空文件夹，或其中只有 `phase1.txt`",
    "is-dir": "`data/phases/phase2.yaml` 是一个文件夹",
    "unreadable": "`phase1.yaml` 没有读取权限",
    "binary": "把 Word 文件改名为 `data/phases/phase3.yaml`",
    "not-utf8": "记事本中以“ANSI”编码保存的 `units.yaml`",
    "conflict": "`<<<<<<< HEAD`",
    "tab-indent": "`→category: school`（行首是 Tab 键）",
    "fullwidth-space": "`　　category: school`（行首是两个全角空格）",
    "too-big": "把 600 MB 的备份文件放进 `data/phases/`",
    "missing-dash": "`units:` 下第二个单位写成 `    id: 二中`（少了 `- `）",
    "colon-space": "`    一中:2022-01-15`",
    "quote-value": "`二中: {date: 2022-01-12, note: 逾期 #2 补报}`",
    "yaml": "`  title: 清单报送`（比同一层的 `- id: list` 多缩进了两格）",
    "fullwidth": "`title：第一阶段`",
    "empty": "`units.yaml` 中只有 `# 待填写`",
    "multi-doc": "文件中间有一行 `---`",
    "alias": "`title: &t 第一阶段` 与 `theme: *t`",
    "tag": "`notice: !!python/object/apply:os.system [dir]`",
    "dup-key": "`{date: 2022-01-12, date: 2022-01-13}`",
    "want-mapping": "`categories: [school, office]`",
    "want-list": "`applies_to: {school: 1}`",
    "want-text": "`title: [第一阶段]`",
    "want-int": "`phase: 一`",
    "quote-id": "`- id: 2` 或 `- id: yes`",
    "octal": "`- id: 0101`",
    "missing-field": "单位只写了 `- id: 24中`，没有 `category:`",
    "unknown-field": "`applies-to: [school]`、`catagory: school`",
    "bad-date": "`due: 2022-02-30`、`due: 2022-13-01`",
    "date-form": "`due: 2022.1.20`、`2022/01/20`、`1月20日`",
    "date-order": "`start: 2022-01-09` 而 `end: 2021-01-31`",
    "record-empty": "`24中:`",
    "list-in-scalar": "`aliases: 第一中学、市一中`",
    "item-comma": "`aliases: [\"第一中学,市一中\"]`",
    "fullwidth-digits": "`- id: １０３中`",
    "exempt-reason": "`办公室: {exempt: false}` 或 `办公室: {exempt: }`",
    "record-exempt-date": "`24中: {date: 2022-01-15, exempt: 暂缓}`",
    "bad-sha256": "`24中: {date: 2022-01-10, files: {材料/第1阶段/案例/24中-案例.docx: 12ab}}`",
    "task-alias-clash": "任务 cases 写了 `aliases: [清单报送]`，而 `清单报送` 是任务 lists 的名称",
    "deep-notice": "`notice:` 下嵌套上百层",
    "dup-unit": "两个单位都写 `- id: 24中`",
    "dup-alias": "两个单位都有 `aliases: [二十四中]`",
    "alias-is-id": "单位 24中 写了 `aliases: [31中]`",
    "unknown-category": "`category: schol`",
    "unknown-unit": "`240中: 2022-01-12`",
    "unknown-task": "records 下写了 `caes:`，而任务 id 是 `cases`",
    "dup-task": "两个任务都写 `- id: cases`",
    "dup-phase": "`phase1.yaml` 与 `phase2.yaml` 都写 `phase: 1`",
    "dup-record": "`24中: 2022-01-12` 与 `二十四中: 2022-01-13`（同一单位的别名）",
    "not-applicable": "任务 `applies_to: [school]`，却登记了 `信息中心: 2022-01-12`",
    "out-of-scope": "`scope: [school]`，任务却写 `applies_to: [school, office]`",
    "no-tasks": "`tasks: []`",
    "no-units": "`units: []`",
    "no-categories": "`categories: {}`",
    "before-start": "阶段 `start: 2022-01-09`，登记 `24中: 2021-01-12`",
    "future-record": "`nengli check --as-of 2022-01-24`，登记 `24中: 2022-12-01`",
    "template-missing": "`nengli report --phase 1 --template 通报模版.md.j2`（文件名写错）",
    "template-syntax": "`{{ t.title }`、`{% if tasks %}` 没有 `{% endif %}`",
    "template-undefined": "`{{ phse.title }}`、`{{ phase.titel }}`",
    "template-unsafe": "`{{ ''.__class__.__mro__ }}`",
    "template-error": "`{{ phase.title | cn_number }}`（把文字当数字）",
    "record-unknown-task": "`nengli record caes 24中`",
    "record-task-ambiguous": "`nengli record lists 24中`，而第一、二阶段都有任务 lists",
    "record-changed": "已登记 `24中: 2022-01-12`，又运行 `nengli record cases 24中 --date 2022-01-15`",
    "record-before-invalid": "数据中已有错误时运行 `nengli record cases 24中`",
    "record-invalid": "`nengli record cases 信息中心`，而该任务不适用于二级机构",
    "record-date-after-end": "2026 年在已于 2022-01-31 结束的第一阶段中运行 `nengli record cases 24中`（没有写 --date）",
    "record-date-future": "`nengli record cases 24中 --date 2099-01-01`",
    "record-flow": "`cases: {24中: 2022-01-12, 31中: 2022-01-13}` 之后运行 `nengli record cases 44高`",
    "record-options": "`nengli record cases 24中 --date 2022-01-12 --exempt 暂缓`",
    "locked": "两个人同时运行 `nengli record`",
    "write-failed": "`nengli export --format xlsx --out 台账.xlsx`，而 台账.xlsx 正在 Excel 中打开",
    "write-no-folder": "`nengli report --phase 1 --format docx --out 通报/第一阶段.docx`，而没有“通报”文件夹",
    "not-git": "在不是 git 仓库的文件夹中运行 `nengli record cases 24中 --commit`",
    "not-git-log": "在不是 git 仓库的文件夹中运行 `nengli log`",
    "git-missing": "没有安装 Git 时运行 `nengli record cases 24中 --commit`",
    "intake-missing": "`nengli intake 收件箱/1月10日`，而没有这个文件夹",
    "intake-not-dir": "`nengli intake 收件箱/24中-案例.docx`",
    "intake-empty": "`nengli intake 收件箱`，而文件夹是空的",
    "intake-unreadable": "收件文件夹中的文件正被其他程序独占打开",
    "intake-only-litter": "收件文件夹中只有 `Thumbs.db` 和 `~$案例.docx`",
    "intake-task": "`nengli intake 收件箱`，而 `24中-材料.docx` 的名称和文件夹都看不出任务",
    "intake-empty-file": "微信中的文件已过期，保存下来的 `24中-案例.docx` 是 0 字节",
    "intake-partial": "收件文件夹中有 `24中-案例.docx.crdownload`",
    "intake-same-file": "24中 和 31中 都报来同一份 `案例.docx`",
    "intake-unwritable": "`materials: Z:/材料`，而共享盘没有连接",
    "material-missing": "`24中: {date: 2022-01-10, files: {材料/第1阶段/创新案例/24中-案例.docx: …}}`，而这个文件被删了",
    "material-changed": "归档的 `材料/第1阶段/创新案例/24中-案例.docx` 后来被打开修改并保存",
    "materials-absent": "同事运行 `nengli intake` 登记了材料，本机 `nengli sync` 取回登记后运行 `nengli check`",
    "record-commit-dirty": "先运行 `nengli record cases 24中`（不加 --commit），再运行 `nengli record cases 31中 --commit`",
    "git-identity": "新电脑上第一次运行 `nengli record cases 24中 --commit`",
    "git-failed": "`nengli record cases 24中 --commit`，而仓库正处于未完成的合并中",
    "git-timeout": "`nengli sync`，而远程仓库所在的服务器没有响应",
    "merge-conflict": "两位同事给同一单位、同一任务登记了不同的日期，然后 `git pull`",
    "merge-fallback": "合并程序读取阶段文件时遇到 nengli 的缺陷",
    "git-unmerged": "`git pull` 停在冲突上，没有解决就运行 `nengli status`",
    "placeholder": "`issuer: （落款单位）`（nengli init 生成后没有修改）",
    "init-exists": "在已有 `data/units.yaml` 的文件夹中运行 `nengli init`",
    "sync-not-git": "在不是 git 仓库的文件夹中运行 `nengli sync`",
    "sync-no-remote": "在 `nengli init` 新建、从未设置远程仓库的仓库中运行 `nengli sync`",
    "setup-not-git": "在复制来的（不是 git clone 的）活动文件夹中运行 `nengli setup`",
    "sync-detached": "`git checkout abc1234` 之后运行 `nengli sync`",
    "sync-in-progress": "`git pull` 停在合并冲突上，然后运行 `nengli sync`",
    "sync-dirty-outside": "改了 `templates/notice.md.j2` 没有提交，就运行 `nengli sync`",
    "sync-check-failed": "手工把登记写成 `24中: 2022-1-32`，然后运行 `nengli sync`",
    "sync-unreachable": "断网时运行 `nengli sync`，或远程仓库已搬走",
    "sync-auth": "密码改过后运行 `nengli sync`",
    "sync-push-refused": "远程仓库的 main 分支受保护，运行 `nengli sync`",
    "sync-push-raced": "几位同事在同一分钟里都运行 `nengli sync`",
    "sync-roster-conflict": "两位同事把同一单位的联系人改成了不同的人，然后 `nengli sync`",
    "sync-unrelated": "远程仓库被删除后重新 `nengli init` 并推送，再在旧的克隆中运行 `nengli sync`",
    "sync-conflict": "两位同事给 24中 的同一任务分别登记 2022-01-22 和 2022-01-23，再各自 `nengli sync`",
    "sync-text-conflict": "两位同事各自改了阶段文件中同一个任务的 `title:`",
    "sync-duban-conflict": "两位同事的 campaign.yaml 编号段相同，同一天都发了〔2022〕督办第1-003号，再各自 `nengli sync`",
    "sync-merged-invalid": "一位同事把任务 cases 改名为 case，另一位同事又在 cases 下登记",
    "sync-removed": "同事删除了一条本机修改过的登记",
    "sync-remove-line": "同事删除了一条本机修改过的登记",
    "sync-uncommitted": "在记事本中改了登记、尚未同步时运行 `nengli sync --dry-run`",
    "no-phase": "`nengli status --phase 9`",
    "bad-option-date": "`nengli status --as-of 2022.1.24`",
    "bad-option-exempt": "`nengli record lists 办公室 --exempt \"\"`",
    "docx-need-out": "`nengli report --phase 1 --format docx`",
    "format-mismatch": "`nengli report --phase 1 --format md --out 督导通报.docx`",
    "format-for-ext": "`nengli report --phase 1 --out 督导通报.xlsx`、`nengli export --out 台账.xls`",
    "pdf-no-converter": "没有安装 LibreOffice 时运行 `nengli report --phase 1 --out 督导通报.pdf`",
    "pdf-failed": "LibreOffice 转换时出错或超时（`nengli report --phase 1 --out 督导通报.pdf`）",
    "body-missing": "`nengli bulletin --body 简报正文.md`（文件不存在）",
    "bad-warn-days": "`campaign.yaml` 中 `warn_days: 三`",
    "letterhead-number": "`campaign.yaml` 中 `letterhead:` 下写 `number: 郑教能办[2022]03号`",
    "letterhead-mark-long": "`letterhead:` 下的 `mark:` 写了发文机关的全称和“关于……的通知”",
    "earlier-overdue": "第二阶段开始后运行 `nengli remind`，而第一阶段还有单位未报",
    "no-command": "`nengli stauts`",
    "no-group": "`nengli remind --group 9`",
    "no-category": "`nengli remind --category 幼儿园`",
    "board-need-out": "`nengli rollup board --phase 1`",
    "board-need-file": "`nengli board --phase 1`",
    "no-cjk-font": "在没有中文字体的电脑上运行 `nengli board --out 要情.png`",
    "font-missing": "`nengli board --out 要情.png --font 雅黑.ttf`（文件不存在）",
    "font-not-cjk": "`nengli board --out 要情.png --font C:\\Windows\\Fonts\\arial.ttf`",
    "image-markup": "`templates/board-image.xml.j2` 中写了 `<table>` 而没有 `<tr>`",
    "need-out": "`nengli export --phase 1 --format xlsx`",
    "sheet-type": "`nengli import-units 名册.xls`",
    "sheet-missing": "`nengli import-units 名册.xlsx`，而文件在“下载”文件夹中",
    "sheet-unreadable": "`nengli import-units 名册.xlsx`（文件已损坏或加密）",
    "sheet-no-sheet": "`nengli import-units 名册.xlsx --sheet 名单`",
    "sheet-no-id": "名册表第一行是 `序号 | 单位名称 | 类别`",
    "sheet-column": "名册表第一行有 `备注` 列",
    "sheet-dup-column": "名册表第一行有两列 `单位简称`",
    "sheet-empty-id": "名册表第 12 行只填了单位全称",
    "sheet-dup-id": "名册表中两行都是 `24中`",
    "sheet-no-category": "新单位 `107中` 的类别一栏是空的",
    "sheet-no-rows": "名册表只有第一行列名",
    "replace-registered": "`nengli import-units 名册.xlsx --replace`，而名册表中没有已登记的“一中”",
    "import-flow-units": "`units: [{id: 一中, category: school}]`",
    "sheet-kept": "units.yaml 中有 `成教室`，名册表中没有",
    "rollup-none": "在没有 `data/rollup.yaml` 的活动仓库中运行 `nengli rollup status`",
    "rollup-not-git": "在复制出来的 data 文件夹中运行 `nengli rollup status`",
    "rollup-no-districts": "`districts: []`",
    "rollup-bad-code": "`code: 410102 鼓楼`",
    "rollup-dup": "两个区县都写 `code: \"410102\"`",
    "rollup-bad-name": "`name: 鼓楼区/市直`",
    "rollup-bad-source": "`branch: main dev`",
    "rollup-bad-path": "`path: ../data`",
    "rollup-lock-value": "手工把 rollup.lock 中的 `commit:` 改短了",
    "rollup-format": "区县用新版 nengli 写的数据，市里用的是旧版",
    "rollup-bundle-unreadable": "数据包文件仍在 U 盘上，而 U 盘已拔出",
    "rollup-bundle-bad": "微信传输中断、只收到一半的 `鼓楼区-20220124.bundle`",
    "rollup-bundle-branch": "rollup.yaml 写 `branch: master`，数据包中只有 main",
    "rollup-bundle-nobody": "数据包文件夹中有 `新建文件夹.bundle`",
    "rollup-no-bundle-folder": "rollup.yaml 中有收数据包的区县，而没有 `数据包` 文件夹",
    "rollup-fetch-failed": "`source: //10.1.1.5/鼓楼区/活动`，而共享文件夹没有连接",
    "rollup-older": "数据包文件夹中只剩上周的数据包",
    "rollup-no-folder": "`source:` 指向的仓库没有 data 文件夹",
    "rollup-no-commit": "新克隆的全市仓库，还没有运行 `nengli rollup fetch` 就运行 `nengli rollup status`",
    "rollup-share-failed": "断网时运行 `nengli rollup fetch`，而活动仓库设有同事共用的远程仓库",
    "rollup-identity": "把 `金水区-20220124.bundle` 改名为 `鼓楼区-20220124.bundle`",
    "rollup-missing": "惠济区一直没有发来数据包",
    "rollup-missing-repo": "`source: //10.1.1.5/金水区/活动`，从未成功取回",
    "rollup-missing-own": "写好 rollup.yaml 后还没有运行过 `nengli rollup fetch`",
    "rollup-invalid": "区县提交了写错日期的阶段文件",
    "rollup-stale": "中原区的数据包是 1月18日 的，任务 1月20日 截止",
    "rollup-claimed-twice": "24中 同时列在鼓楼区和市直的名册中",
    "rollup-diff-category": "区县的名册用 `category: primary`，市里没有这一类",
    "rollup-diff-no-phase": "区县还没有建立 `phase2.yaml`",
    "rollup-diff-no-task": "区县的阶段文件中没有任务 `cases`",
    "rollup-diff-due": "区县把 `due: 2022-01-20` 改成了 `due: 2022-01-25`",
    "rollup-diff-applies": "区县把 `applies_to: [school]` 改成了 `[school, office]`",
    "rollup-diff-title": "区县把任务名称写成 `创新案例报送`",
    "rollup-diff-extra-task": "区县自己加了任务 `safety`",
    "rollup-diff-extra-phase": "区县自己加了 `phase: 9`",
    "rollup-own-newer": "市直单位登记后没有运行 `nengli rollup fetch`",
    "rollup-own-no-commit": "`nengli init` 之后删去了第一次提交",
    "rollup-own-dirty": "市直单位的登记还没有提交就运行 `nengli rollup fetch`",
    "rollup-export-not-git": "在复制出来的 data 文件夹中运行 `nengli rollup export`",
    "rollup-export-no-commit": "`git init` 之后还没有提交就运行 `nengli rollup export`",
    "rollup-export-dirty": "在记事本中改了登记，还没有提交就运行 `nengli rollup export`",
    "rollup-export-invalid": "已提交的阶段文件中有 `24中: 2022-1-32`",
    "rollup-export-no-folder": "数据文件夹是新建的，还没有提交",
    "rollup-export-no-name": "`nengli rollup export`，而 campaign.yaml 中没有 `rollup:`",
    "rollup-export-bad-name": "`nengli rollup export --name 鼓楼区/教育局`",
    "holiday-range": "`holidays: [2022-01-31至2-6]`",
    "duban-level": "`ladder: {催促: 3}`",
    "duban-days": "`ladder: {催办: 0}`",
    "duban-series": "`series: {张三: 第一组}`",
    "duban-series-dup": "`series: {张三: 1, 李四: 1}`",
    "scoring-number": "`scoring: {missing: 十}`",
    "scoring-flag": "`scoring: {attach: 附}`",
    "duban-step-kind": "`- {date: 2022-01-21, until: 2022-01-28}`（没写 level）",
    "duban-after-close": "`close:` 那一行之后又写了 `- {date: …, level: 督办, …}`",
    "duban-step-order": "log 中 2022-01-27 的一行写在 2022-01-21 之前",
    "duban-unknown-phase": "`phase: 3`，而只有两个阶段",
    "duban-unknown-task": "`task: case`",
    "duban-not-applicable": "给局机关处室发了只要求学校报送的任务的催办通知单",
    "duban-future": "`nengli check --as-of 2022-01-20`，而督办记录中有 2022-01-21 发出的催办",
    "duban-two-items": "两位同事在各自的电脑上都给 24中 的 cases 发了催办通知单",
    "duban-flow": "`items: {〔2022〕督办第001号: {…}}` 之后运行 `nengli duban issue`",
    "duban-before-invalid": "数据中已有错误时运行 `nengli duban issue 24中 cases`",
    "duban-invalid": "duban.yaml 被改成了 nengli 无法添加记录的写法",
    "duban-one-unit": "`nengli duban issue 24中、31中 cases`",
    "duban-remind": "`nengli duban issue 24中 cases --level 提醒`",
    "duban-no-level": "`nengli duban issue 24中 cases --level 红牌`",
    "duban-future-date": "`nengli duban issue 24中 cases --date 2099-01-01`",
    "duban-not-asked": "`nengli duban issue 财务处 cases`，而 cases 只要求学校报送",
    "duban-done": "`nengli duban issue 31中 cases`，而 31中 已按时报送",
    "duban-not-overdue": "截止日期前运行 `nengli duban issue 24中 cases`",
    "duban-not-due": "催办通知单发出的第二天运行 `nengli duban issue 24中 cases`",
    "duban-top": "已挂牌督办后再运行 `nengli duban issue 24中 cases`",
    "duban-closed": "`nengli duban extend 1-001 …`，而 〔2022〕督办第1-001号 已销号",
    "duban-no-series": "`series: {张三: 1}`，而本机 git 的 user.name 是 李四",
    "duban-series-needed": "有远程仓库、campaign.yaml 中没有 `duban: {series: …}` 时运行 `nengli duban issue`",
    "duban-no-number": "`nengli duban close 99 --evidence …`",
    "duban-number-ambiguous": "`nengli duban close 1 --evidence …`，而 1-001 和 2-001 都有",
    "duban-before-opened": "`nengli duban close 1-001 --date 2022-01-10 …`，而该事项 1月21日 才立",
    "duban-extend-late": "办理时限 1月26日 过后运行 `nengli duban extend 1-001 --until 2022-02-10 --reason …`",
    "duban-extend-earlier": "办理时限是 1月26日，运行 `nengli duban extend 1-001 --until 2022-01-25 --reason …`",
    "duban-extend-reason": "`nengli duban extend 1-001 --until 2022-02-10 --reason \"\"`",
    "duban-done-extend": "单位已经报送后运行 `nengli duban extend 1-001 …`",
    "duban-extend-refs": "`nengli duban extend 24中 31中 cases --until …`",
    "duban-done-no-extend": "单位已经报送后运行 `nengli duban extend 24中 cases …`",
    "duban-evidence": "`nengli duban close 1-001 --evidence \"\"`",
    "duban-evidence-missing": "`nengli duban close 1-001 --evidence 材料/24中整改.pdf`（文件不存在）",
    "duban-close-early": "`nengli duban close 1-001 --date 2022-01-20 …`，而 1月21日 才发出催办",
    "duban-close-open": "单位还没有报送时运行 `nengli duban close 1-001 --evidence 电话说明`",
    "rank-no-scoring": "campaign.yaml 中没有 `scoring:` 时运行 `nengli rank --why 24中`",
    "rank-not-ranked": "`nengli rank --phase 2 --why 财务处`，而第二阶段的任务都不要求处室报送",
    "path-too-long": "Windows 上 `materials: D:/…/…`（很深的文件夹），任务名称和文件名又很长",
    "doctor-git-old": "统信 UOS 上装着 git 2.10 时运行 `nengli doctor`",
    "doctor-data-errors": "`nengli doctor`，而 phase1.yaml 中有 `24中: 2022-1-32`",
    "doctor-driver-unregistered": "用 `git clone` 取得仓库后，还没有运行过 nengli 就运行 `nengli doctor`",
    "doctor-driver-attributes": "`.gitattributes` 中写了 `data/units.yaml merge=union`",
    "doctor-driver-failed": "nengli 重新安装到另一个文件夹后，在旧克隆中运行 `nengli doctor`",
    "doctor-fonts": "新装的电脑上没有 仿宋_GB2312 和 仿宋",
    "doctor-console": "英文版 Windows 上 `nengli doctor > 检查.txt`（控制台编码 cp437）",
    "doctor-file-names": "麒麟系统的区域设置是 zh_CN.GBK",
    "doctor-materials": "`materials: Z:/督导材料`，而共享盘 Z: 没有连接",
    "doctor-long-paths": "Windows 10 默认设置下运行 `nengli doctor`",
}

#: nengli doctor's checks, in the order shown: key -> (label, what a passed check says). A
#: failed check says a problem of MESSAGES (message, and its hint as the fix); a check that
#: could not be made says why, from SKIPPED.
CHECKS: dict[str, tuple[str, str]] = {
    "nengli": ("nengli", "{version}（{where}）"),
    "python": ("Python", "{version}（{where}）"),
    "git": ("git", "{version}"),
    "identity": ("git 提交人", "{name} <{email}>"),
    "data": ("数据", "{path}：{units} 个单位、{phases} 个阶段，检查没有发现错误{warnings}"),
    "repository": ("git 仓库", "{path}（{branch}）"),
    "driver": ("合并程序", "已登记；试合并两位同事各自新增的单位，按单位合并成功"),
    "remote": ("远程仓库", "{remote}（{url}）可以连接"),
    "fonts": ("公文字体", "{text}"),
    "console": ("控制台编码", "{encoding}{note}"),
    "file-names": ("文件名编码", "{encoding}"),
    "materials": ("材料文件夹", "{path}：可以写入{note}"),
    "long-paths": ("长路径", "Windows 已开启长路径支持（LongPathsEnabled = 1）"),
}
#: pieces of the doctor's lines
DOCTOR_NOTES: dict[str, str] = {
    "warnings": "（另有 {count} 个警告，运行 nengli check 查看）",
    "branch": "分支 {name}",
    "detached": "没有在分支上",
    "driver-timeout": "{seconds} 秒内没有完成",
    "driver-exit": "退出码为 {code}",
    "driver-markers": "留下了冲突标记",
    "driver-no-sh": "找不到 git 运行合并程序所用的 sh",
    "driver-said": "：{said}",
    "fonts-found": "已安装 {fonts}",
    "font-substituted": "没有 {font}，Word 和 WPS 用 {fallback} 代替",
    "font-missing": "{font}（及替代它的 {fallback}）",
    "console-symbols": "（可以显示中文；对错符号改用 √ ×）",
    "materials-new": "（尚未建立，第一次归档材料时建立）",
    "fix": "　改法：{fix}",
    "all-passed": "{count} 项检查全部通过。",
    "some-failed": "{count} 项检查没有通过（{mark}），请按该行的改法处理，再运行 nengli doctor。",
}
SKIPPED: dict[str, str] = {
    "no-git": "未检查：没有 git",
    "no-data": "未检查：没有找到数据",
    "no-repository": "未检查：数据不在 git 仓库中",
    "offline": "未检查（--offline）",
    "no-remote": "没有设置远程仓库（一个人使用时不需要；几位同事共用一个仓库时，见 README“日常工作流程”）",
}


# Jinja's English, in words for the person who edits templates/notice.md.j2
_JINJA: tuple[tuple[str, str], ...] = (
    (r"'([^']+)' is undefined", "变量“{0}”没有定义{suggest}"),
    (r"'[^']+' has no attribute '([^']+)'", "“{0}”不是这里可用的字段{suggest}"),
    (r"'[^']+' object has no attribute '([^']+)'", "“{0}”不是这里可用的字段{suggest}"),
    (r"access to attribute '([^']+)' of '[^']+' object is unsafe",
     "访问“{0}”属于访问系统内部，模板中不允许"),
    (r"unsafe", "这一操作会访问系统内部，模板中不允许"),
    (r"No filter named '([^']+)'", "没有名为“{0}”的过滤器{suggest}"),
    (r"No test named '([^']+)'", "没有名为“{0}”的测试"),
    (r"Encountered unknown tag '([^']+)'", "不认识的标签“{{% {0} %}}”"),
    (r"Unexpected end of template.*innermost block that needs to be closed is '([^']+)'",
     "模板在 {{% {0} %}} 结束之前就结束了，缺少 {{% end{0} %}}"),
    (r"unexpected end of template", "模板在 {{{{ }}}} 或 {{% %}} 结束之前就结束了"),
    (r"unexpected '([^']+)'", "这里出现了多余的“{0}”"),
    (r"unexpected char '([^']+)'", "这里出现了不能用的字符“{0}”"),
    (r"expected token '([^']+)', got '([^']+)'", "这里应当是“{0}”，却是“{1}”"),
)


def jinja_in_chinese(english: str, facts: object = None, names: Iterable[str] = ()) -> str:
    """Jinja's error text in plain Chinese, with a did-you-mean from the keys of ``facts`` (the
    template's variables, at any depth) and ``names`` (e.g. the filters) when one fits."""
    import difflib
    import re

    filters = set(names)
    keys: set[str] = set()
    stack = [facts]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            keys.update(k for k in value if isinstance(k, str))
            stack.extend(value.values())
        elif isinstance(value, (list, tuple)):
            stack.extend(value[:3])  # rows of a list share their keys

    english = english.strip().rstrip(".")
    for pattern, chinese in _JINJA:
        m = re.search(pattern, english, re.S)
        if m:
            word = m.group(1) if m.groups() else ""
            choices = sorted((filters if "filter" in pattern else keys) - {word})
            match = difflib.get_close_matches(word, choices, n=1, cutoff=0.6) if word else []
            suggest = f"，是不是“{match[0]}”？" if match else ""
            return chinese.format(*m.groups(), suggest=suggest)
    return f"（{english}）"


def render_table() -> str:
    """docs/errors.md: every message with its hint, as a Markdown table."""
    rows = ["# nengli 的错误与警告信息", "",
            "本表由 `python -m nengli.messages > docs/errors.md` 生成，与程序中的文字一致。",
            "花括号 `{…}` 处由具体的文件、行号和内容填入；“例子”一栏是会引出这条信息的写法。", "",
            "每条信息都以 `文件:行:列: 错误：` 或 `警告：`（没有核对的内容为 `说明：`，不算警告）开头，下面是出错的那一行和指向出错位置的“^”，"
            "最后是“提示：”和改法。例如：", "",
            "```text",
            "data/phases/phase1.yaml:12:8: 错误：第12行使用了全角冒号“：”，YAML 在这里需要半角符号“:”。",
            "  12 |     due：2022-01-20",
            "     |        ^",
            "  提示：请切换到英文（半角）标点，把“：”改成“:”，并在冒号后加一个空格。",
            "```", "",
            "| 代码 | 信息 | 提示 | 例子 |", "| --- | --- | --- | --- |"]
    for code, (message, hint) in MESSAGES.items():
        example = EXAMPLES.get(code, "")
        rows.append(f"| `{code}` | {_cell(message)} | {_cell(hint)} | {_cell(example, braces=False)} |")
    return "\n".join(rows) + "\n"


def _cell(text: str, braces: bool = True) -> str:
    if braces:  # a message's "{{" is a literal brace once formatted
        text = text.replace("{{", "{").replace("}}", "}")
    return text.replace("|", "\\|")


if __name__ == "__main__":  # pragma: no cover - documented generator
    import sys

    sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[attr-defined]
    sys.stdout.write(render_table())
