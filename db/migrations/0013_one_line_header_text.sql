-- Staff names and the survey's product name reach email subjects, which must be one line.
-- Forms refuse line breaks and tabs from now on; what was saved before gets spaces instead.
UPDATE `users` SET `name` = replace(replace(replace(`name`, char(13), ' '), char(10), ' '), char(9), ' ')
  WHERE `name` GLOB ('*[' || char(9) || char(10) || char(13) || ']*');
--> statement-breakpoint
UPDATE `settings` SET `value` = json_set(`value`, '$.productName', replace(replace(replace(json_extract(`value`, '$.productName'), char(13), ' '), char(10), ' '), char(9), ' '))
  WHERE `key` = 'npsSurvey' AND json_valid(`value`) AND json_type(`value`, '$.productName') = 'text'
    AND json_extract(`value`, '$.productName') GLOB ('*[' || char(9) || char(10) || char(13) || ']*');
--> statement-breakpoint
UPDATE `campaigns` SET `survey` = json_set(`survey`, '$.productName', replace(replace(replace(json_extract(`survey`, '$.productName'), char(13), ' '), char(10), ' '), char(9), ' '))
  WHERE `survey` IS NOT NULL AND json_valid(`survey`) AND json_type(`survey`, '$.productName') = 'text'
    AND json_extract(`survey`, '$.productName') GLOB ('*[' || char(9) || char(10) || char(13) || ']*');
